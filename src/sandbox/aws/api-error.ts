/** An AWS API error a handler throws; each protocol renders it in its own error format. */
export class AwsApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly awsCode: string,
    message: string,
    public readonly senderFault: boolean = status < 500,
  ) {
    super(message);
  }
}

/** AWS's AccessDenied: "… because no … allows …", or "… with an explicit deny in …". */
export const accessDenied = (principal: string, action: string, resource: string, why = 'no identity-based policy allows the action'): AwsApiError =>
  new AwsApiError(403, 'AccessDenied', `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${why.startsWith('with ') ? why : `because ${why}`}`);

export const validationError = (message: string): AwsApiError => new AwsApiError(400, 'ValidationError', message);
