/**
 * Input rules shared by the constructs, the generated modules' `validation` blocks and the CLI.
 * Each rule is data (so it can be rendered into HCL) plus a predicate.
 */

export interface InputRule {
  /** Stable code, e.g. `C1AWS_EXTERNAL_ID_INVALID`. */
  readonly code: string;
  /** What the rule requires, in words a user can act on. */
  readonly requirement: string;
  readonly test: (value: string) => boolean;
  /** The same check as a Terraform expression over `var.<name>` (`VALUE` is replaced). */
  readonly hcl: string;
}

export const EXTERNAL_ID_RULE: InputRule = {
  code: 'C1AWS_EXTERNAL_ID_INVALID',
  requirement: '2 to 1224 characters of letters, digits and _+=,.@:/- (copy it from C1: Settings > Email provider, or GET /api/v1/settings/aws-external-id)',
  test: (v) => /^[\w+=,.@:/-]{2,1224}$/.test(v),
  // RE2 (Terraform's regex) caps repetition counts at 1000: bound the length separately.
  hcl: 'length(VALUE) >= 2 && length(VALUE) <= 1224 && can(regex("^[\\\\w+=,.@:/-]+$", VALUE))',
};

export const ROLE_NAME_RULE: InputRule = {
  code: 'C1AWS_ROLE_NAME_INVALID',
  requirement: '1 to 64 characters of letters, digits and _+=,.@-',
  test: (v) => /^[\w+=,.@-]{1,64}$/.test(v),
  hcl: 'can(regex("^[\\\\w+=,.@-]{1,64}$", VALUE))',
};

export const ROLE_PATH_RULE: InputRule = {
  code: 'C1AWS_ROLE_PATH_INVALID',
  requirement: 'a path that starts and ends with "/" (for example "/c1/"), at most 512 characters',
  test: (v) => v.length <= 512 && /^\/([\x21-\x7e]*\/)?$/.test(v),
  hcl: 'length(VALUE) <= 512 && can(regex("^/([\\\\x21-\\\\x7e]*/)?$", VALUE))',
};

export const DOMAIN_RULE: InputRule = {
  code: 'C1AWS_DOMAIN_INVALID',
  requirement: 'a lower-case DNS name such as "mail.example.com" (no scheme, no trailing dot)',
  test: (v) => v.length <= 253 && /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/.test(v),
  hcl: 'length(VALUE) <= 253 && can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", VALUE))',
};

export const EMAIL_RULE: InputRule = {
  code: 'C1AWS_EMAIL_INVALID',
  requirement: 'an address such as "governance@example.com"',
  test: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
  hcl: 'can(regex("^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$", VALUE))',
};

export const ACCOUNT_ID_RULE: InputRule = {
  code: 'C1AWS_ACCOUNT_ID_INVALID',
  requirement: 'a 12-digit AWS account id',
  test: (v) => /^\d{12}$/.test(v),
  hcl: 'can(regex("^[0-9]{12}$", VALUE))',
};

export const REGION_RULE: InputRule = {
  code: 'C1AWS_REGION_INVALID',
  requirement: 'an AWS region name such as "us-east-1" (the region where the SES identity is verified)',
  test: (v) => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(v),
  hcl: 'can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", VALUE))',
};

export const CONFIGURATION_SET_NAME_RULE: InputRule = {
  code: 'C1AWS_CONFIGURATION_SET_NAME_INVALID',
  requirement: '1 to 64 characters of letters, digits, _ and -',
  test: (v) => /^[A-Za-z0-9_-]{1,64}$/.test(v),
  hcl: 'can(regex("^[A-Za-z0-9_-]{1,64}$", VALUE))',
};

/** Show at most the first 4 characters of a secret-ish value (External IDs, tokens). */
export function redact(value: string): string {
  if (value.length <= 4) return '****';
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}
