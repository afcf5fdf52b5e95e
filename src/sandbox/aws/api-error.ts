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

/**
 * AWS's AccessDenied: "User: <arn> is not authorized to perform: <action> on resource: <arn>", then
 * "because no identity-based policy allows the <action> action" / "with an explicit deny in …" when a
 * reason is given; a role's trust policy refusing AssumeRole gives no reason (`why` empty).
 */
export const accessDenied = (principal: string, action: string, resource: string, why = `no identity-based policy allows the ${action} action`): AwsApiError =>
  new AwsApiError(403, 'AccessDenied', `User: ${principal} is not authorized to perform: ${action} on resource: ${resource}${why === '' ? '' : why.startsWith('with ') ? ` ${why}` : ` because ${why}`}`);

export const validationError = (message: string): AwsApiError => new AwsApiError(400, 'ValidationError', message);
