/** Base error of the package: every error a user can see carries a stable code and, where known, the fix. */
export class C1AwsError extends Error {
  /** Stable, documented code, e.g. `C1AWS_EXTERNAL_ID_INVALID`. */
  public readonly code: string;
  /** What to do about it. */
  public readonly fix?: string;

  constructor(code: string, message: string, options?: { readonly fix?: string; readonly cause?: unknown }) {
    super(options?.fix ? `${message} Fix: ${options.fix}` : message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.fix = options?.fix;
  }
}
