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

// A DNS label: letters/digits/'-', not starting or ending with '-', at most 63 characters. The last label
// (the TLD) starts with a letter, so an IP address such as "192.0.2.10" is not a domain.
const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const TLD = '[a-z]([a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN_RE = new RegExp(`^(${LABEL}\\.)+${TLD}$`);
const LABEL_CI = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TLD_CI = '[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
// RFC 5322 dot-atom local part without '{' and '}' (so neither "${" nor "%{" can appear: Terraform would interpolate them).
const LOCAL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`|~-]+";
const EMAIL_RE = new RegExp(`^${LOCAL_ATOM}(\\.${LOCAL_ATOM})*@(${LABEL_CI}\\.)+${TLD_CI}$`);
/** Terraform string literal of a regex (backslashes and quotes escaped). */
const hclRe = (re: RegExp): string => JSON.stringify(re.source);

export const DOMAIN_RULE: InputRule = {
  code: 'C1AWS_DOMAIN_INVALID',
  requirement: 'a lower-case DNS name such as "mail.example.com" (no scheme, no trailing dot, not an IP address; internationalized names in their xn-- form)',
  test: (v) => v.length <= 253 && DOMAIN_RE.test(v),
  hcl: `length(VALUE) <= 253 && can(regex(${hclRe(DOMAIN_RE)}, VALUE))`,
};

export const EMAIL_RULE: InputRule = {
  code: 'C1AWS_EMAIL_INVALID',
  requirement: "an address such as \"governance@example.com\" (at most 254 characters; a local part of at most 64 letters, digits and !#$%&'*+/=?^_`|~.-; a DNS domain)",
  test: (v) => v.length <= 254 && EMAIL_RE.test(v) && v.split('@')[0].length <= 64,
  hcl: `length(VALUE) <= 254 && can(regex(${hclRe(EMAIL_RE)}, VALUE)) && length(split("@", VALUE)[0]) <= 64`,
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

export const HOSTED_ZONE_ID_RULE: InputRule = {
  code: 'C1AWS_HOSTED_ZONE_ID_INVALID',
  requirement: 'a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ" (without the "/hostedzone/" prefix)',
  test: (v) => /^Z[A-Z0-9]{1,32}$/.test(v),
  hcl: 'can(regex("^Z[A-Z0-9]{1,32}$", VALUE))',
};

export const POLICY_NAME_RULE: InputRule = {
  code: 'C1AWS_POLICY_NAME_INVALID',
  requirement: '1 to 128 characters of letters, digits and _+=,.@-',
  test: (v) => /^[\w+=,.@-]{1,128}$/.test(v),
  hcl: 'can(regex("^[\\\\w+=,.@-]{1,128}$", VALUE))',
};

/** An IAM managed policy ARN (customer or AWS managed); no wildcards. */
export const PERMISSIONS_BOUNDARY_RULE: InputRule = {
  code: 'C1AWS_PERMISSIONS_BOUNDARY_INVALID',
  requirement: 'an IAM managed policy ARN such as "arn:aws:iam::123456789012:policy/boundary" (no wildcards)',
  test: (v) => /^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/.test(v),
  hcl: 'can(regex("^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/([\\\\w+=,.@-]+/)*[\\\\w+=,.@-]{1,128}$", VALUE))',
};

/** The principal allowed to assume the SES role: one IAM role ARN, never a wildcard, an account root or a user. */
export const C1_PRINCIPAL_RULE: InputRule = {
  code: 'C1AWS_C1_PRINCIPAL_INVALID',
  requirement: 'one IAM role ARN such as "arn:aws:iam::765656841499:role/ConductorOneService" (no wildcard, no account root)',
  test: (v) => /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(v),
  hcl: 'can(regex("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/([\\\\w+=,.@-]+/)*[\\\\w+=,.@-]{1,64}$", VALUE))',
};

/** The display name in the From header: no control characters (CR/LF would inject headers), no <>" that end the name. */
export const SENDER_NAME_RULE: InputRule = {
  code: 'C1AWS_SENDER_NAME_INVALID',
  requirement: '1 to 256 characters, not only spaces, without line breaks, control characters or <>"',
  test: (v) => [...v].length <= 256 && /^[^\x00-\x1f\x7f<>"]+$/.test(v) && /[^\p{Z}]/u.test(v),
  hcl: 'length(VALUE) <= 256 && can(regex("^[^\\\\x00-\\\\x1f\\\\x7f<>\\"]+$", VALUE)) && can(regex("[^\\\\p{Z}]", VALUE))',
};

export const ORG_ID_RULE: InputRule = {
  code: 'C1AWS_ORG_ID_INVALID',
  requirement: 'an AWS Organizations id such as "o-abc1234567" ("o-" and 10 to 32 lower-case letters or digits)',
  test: (v) => /^o-[a-z0-9]{10,32}$/.test(v),
  hcl: 'can(regex("^o-[a-z0-9]{10,32}$", VALUE))',
};

/** AWS tag keys: 1–128 letters, digits, spaces and _.:/=+-@; the "aws:" prefix is reserved by AWS. */
export const TAG_KEY_RULE: InputRule = {
  code: 'C1AWS_TAG_KEY_INVALID',
  requirement: '1 to 128 letters, digits, spaces and _.:/=+-@, not starting with the reserved "aws:"',
  test: (v) => /^[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u.test(v) && !/^aws:/i.test(v),
  hcl: 'length(VALUE) >= 1 && length(VALUE) <= 128 && can(regex("^[\\\\p{L}\\\\p{Z}\\\\p{N}_.:/=+@-]+$", VALUE)) && !startswith(lower(VALUE), "aws:")',
};

export const TAG_VALUE_RULE: InputRule = {
  code: 'C1AWS_TAG_VALUE_INVALID',
  requirement: '0 to 256 letters, digits, spaces and _.:/=+-@',
  test: (v) => /^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u.test(v),
  hcl: 'length(VALUE) <= 256 && can(regex("^[\\\\p{L}\\\\p{Z}\\\\p{N}_.:/=+@-]*$", VALUE))',
};

/** Show at most the first 4 characters of a secret-ish value (External IDs, tokens). */
export function redact(value: string): string {
  if (value.length <= 4) return '****';
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

/**
 * A C1 workload federation client ID, `<name>@<tenant host>/wfe` (the same shape src/c1/client-id.ts
 * parses; a `/spc` id is a credential's, not a trust's, and fails here).
 */
export const WORKLOAD_CLIENT_ID_RULE: InputRule = {
  code: 'C1AWS_CLIENT_ID_INVALID',
  requirement: 'a C1 workload client ID of the form <name>@<tenant host>/wfe, e.g. "calm-wolf-40291@yourcompany.conductor.one/wfe"',
  test: (v) => /^[A-Za-z0-9._~+-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?\/wfe$/.test(v),
  hcl: 'can(regex("^[A-Za-z0-9._~+-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?/wfe$", VALUE))',
};
