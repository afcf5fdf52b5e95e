/**
 * Every finding code `c1-aws validate` and `c1-aws check-headers` can emit, with its cause and fix:
 * the README's troubleshooting table is rendered from it (`troubleshootingTable()`), `--ignore` warns
 * about a code not listed here, and a test fails when a check emits a code missing from it.
 */

export interface FindingCodeInfo {
  readonly code: string;
  /** Usual severity (some codes are a warning in one situation and an error in another: `error|warning`). */
  readonly severity: 'error' | 'warning' | 'info' | 'error|warning';
  /** Check id(s) that emit it. */
  readonly check: string;
  readonly cause: string;
  readonly fix: string;
}

const C = (code: string, severity: FindingCodeInfo['severity'], check: string, cause: string, fix: string): FindingCodeInfo => ({ code, severity, check, cause, fix });

export const FINDING_CODES: readonly FindingCodeInfo[] = [
  // Run-level
  C('ENVIRONMENT_ERROR', 'error', 'any live check', 'The run could not check something: no or refused AWS credentials (SignatureDoesNotMatch, InvalidClientTokenId, ExpiredToken…), a call the validating credentials may not make, an unreachable endpoint, or throttling/5xx that outlasted the retries. Exit 2; the message names the service and call.', 'Fix the credentials, permissions or network named in the message and run again (raise --retries for throttling). It cannot be ignored.'),
  C('CHECK_CRASHED', 'error', 'any', 'A check stopped on an unexpected error (a bug).', 'Run again with the same flags; if it persists, report it with the message.'),
  // Policies (shared)
  C('POLICY_MALFORMED', 'error', 'trust, send-policy, token-policy', 'A policy document IAM would reject (MalformedPolicyDocument): not JSON, Statement/Principal/Condition null or of the wrong type, numbers as statements, nesting deeper than 256 levels.', 'Write the document as IAM requires: Statement a list of objects with Effect, Action and (trusts) Principal; Condition an object of operator → {key: value}.'),
  C('POLICY_DUPLICATE_KEY', 'error', 'trust, send-policy, token-policy, live-role-trust', 'A key occurs twice in one JSON object of a policy (e.g. two "sts:ExternalId"): tools disagree on which value counts, so the document is ambiguous.', 'Remove the duplicate so the document says one thing.'),
  C('POLICY_UNKNOWN_UNTIL_APPLY', 'warning', 'send-policy, token-policy', 'In a terraform plan the policy depends on values known only after apply (e.g. the SES identity ARN): it is not checkable before apply.', 'After apply, run `c1-aws validate --live` (or validate `terraform show -json` of the state).'),
  // Trust
  C('TRUST_NOT_READABLE', 'warning', 'trust', 'The trust is a Terraform expression only Terraform evaluates (a data source, a local, jsonencode of a non-literal).', 'Validate the plan JSON instead, or run validate --live after apply.'),
  C('TRUST_ROLE_NOT_FOUND', 'error', 'trust', '--role-name names no aws_iam_role in the input.', 'Pass the role name the stack creates (default c1-ses-sender).'),
  C('TRUST_NO_ASSUME_ROLE', 'error', 'trust, live-role-trust', 'No Allow statement for sts:AssumeRole: C1 cannot assume the role.', "Allow sts:AssumeRole for C1's principal with StringEquals sts:ExternalId."),
  C('TRUST_WILDCARD_PRINCIPAL', 'error', 'trust, live-role-trust', 'Principal "*", a wildcard ARN, or NotPrincipal: any AWS principal may try to assume the role.', 'Use Principal {"AWS": "arn:aws:iam::765656841499:role/ConductorOneService"}.'),
  C('TRUST_EXTRA_PRINCIPAL', 'error', 'trust, live-role-trust', 'Besides C1, the trust allows another principal (or a Service/Federated principal).', "Trust exactly C1's principal; put other callers on another role."),
  C('TRUST_PRINCIPAL_UNRESOLVED', 'error|warning', 'trust', 'A principal is a reference known only after apply; beside C1 it could be anyone (error), alone it cannot be compared (warning).', "Use the literal C1 principal ARN; remove other principals."),
  C('TRUST_PRINCIPAL_MISMATCH', 'error', 'trust, live-role-trust', "The trusted principal is not C1's (e.g. C1's account root, which trusts every role in that account).", 'Use exactly arn:aws:iam::765656841499:role/ConductorOneService (or --c1-principal).'),
  C('TRUST_STRING_LIKE', 'error', 'trust, live-role-trust', 'The trust uses StringLike, which matches patterns rather than the exact External ID.', 'Use StringEquals for sts:ExternalId.'),
  C('TRUST_EXTERNAL_ID_WEAK', 'error', 'trust, live-role-trust', 'sts:ExternalId is tested with an operator other than StringEquals.', 'Use "StringEquals": {"sts:ExternalId": "<tenant External ID>"}.'),
  C('TRUST_EXTERNAL_ID_MISSING', 'error', 'trust, live-role-trust', 'No StringEquals sts:ExternalId: anyone who can act as C1 for another tenant could assume the role (confused deputy).', 'Add "Condition": {"StringEquals": {"sts:ExternalId": "<External ID from C1>"}}.'),
  C('TRUST_EXTERNAL_ID_MULTIPLE', 'error', 'trust, live-role-trust', 'The trust accepts several External IDs.', 'Keep only this tenant\'s External ID (one role per C1 tenant).'),
  C('TRUST_EXTERNAL_ID_MISMATCH', 'error', 'trust, live-role-trust', "The trust's External ID is not the one given (--external-id, --external-id-file or $C1_EXTERNAL_ID).", 'Copy the External ID from C1 (Settings > Email provider) into the construct/module input.'),
  C('TRUST_EXTERNAL_ID_UNRESOLVED', 'info', 'trust', 'The External ID in the trust is a reference, compared only after apply.', 'Run validate --live after apply.'),
  C('TRUST_C1_DENIED', 'error', 'trust, live-role-trust', 'Evaluated with the policy evaluator: C1 with the External ID would be refused (wrong principal, condition or an explicit Deny).', 'Allow sts:AssumeRole for C1 with StringEquals sts:ExternalId = the tenant External ID; remove the blocking Deny.'),
  C('TRUST_ALLOWS_WITHOUT_EXTERNAL_ID', 'error', 'trust, live-role-trust', 'Evaluated: C1 would be allowed without an External ID.', 'Add StringEquals sts:ExternalId to every Allow statement.'),
  C('TRUST_ALLOWS_WRONG_EXTERNAL_ID', 'error', 'trust, live-role-trust', 'Evaluated: C1 would be allowed with a wrong External ID.', 'Use StringEquals with exactly the tenant External ID (no patterns).'),
  C('TRUST_ALLOWS_OTHER_PRINCIPAL', 'error', 'trust, live-role-trust', 'Evaluated: a principal other than C1 would be allowed with the External ID.', "Trust exactly C1's principal."),
  // Send policy
  C('SEND_POLICY_NOT_READABLE', 'warning', 'send-policy', "The role's send policy is a Terraform expression only Terraform evaluates.", 'Validate the plan JSON instead, or run validate --live after apply.'),
  C('SEND_POLICY_MISSING', 'error', 'send-policy', 'The role C1 assumes has no policy: C1 can assume it but every send is denied.', 'Attach an aws_iam_role_policy allowing ses:SendEmail and ses:SendRawEmail on the identity (and configuration set) ARNs.'),
  C('SEND_ACTION_EXTRA', 'error', 'send-policy', 'The role may do more than ses:SendEmail/ses:SendRawEmail (or uses NotAction).', 'Allow only ses:SendEmail and ses:SendRawEmail.'),
  C('SEND_ACTION_MISSING', 'error|warning', 'send-policy', 'ses:SendEmail is not allowed (error), or ses:SendRawEmail is not (warning: raw sends, e.g. with attachments, are denied).', 'Allow ses:SendEmail and ses:SendRawEmail.'),
  C('SEND_RESOURCE_WILDCARD', 'error|warning', 'send-policy', 'Resource "*" (warning: the role may send as any identity) or NotResource (error).', 'Scope Resource to the identity ARN and the configuration set ARN.'),
  C('SEND_IDENTITY_NOT_COVERED', 'error', 'send-policy', "The send policy's Resource does not cover the SES identity: sends as it are denied.", 'Add the identity ARN to Resource.'),
  C('SEND_CONFIG_SET_NOT_COVERED', 'error', 'send-policy', 'The send policy does not cover the configuration set; a send through a configuration set is authorized against its ARN too.', 'Add arn:aws:ses:<region>:<account>:configuration-set/<name> to Resource.'),
  // Token policy
  C('TOKEN_POLICY_NOT_READABLE', 'warning', 'token-policy', 'A token policy (or its audience/duration/algorithm values) is a Terraform expression only Terraform evaluates.', 'Validate the plan JSON instead (`terraform show -json plan.out`).'),
  C('TOKEN_STS_AUDIENCE_KEY', 'error', 'token-policy', 'The condition uses sts:Audience, which is not a key of sts:GetWebIdentityToken: a positive test never matches (ForAllValues on it matches anything).', 'Use "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": ["<tenant>.conductor.one"]} plus the Null guard.'),
  C('TOKEN_TENANT_DENIED', 'error', 'token-policy', "Evaluated: a token for the tenant's audience (the host of --client-id, or the audiences the policy names) is denied; the message names the condition that refuses it (audience, duration cap, algorithm, or a Deny).", 'Fix the condition the message names (e.g. list the tenant host, a cap of at least 60 s, the algorithm in use).'),
  C('TOKEN_AUDIENCE_UNRESTRICTED', 'error', 'token-policy', 'Evaluated: a token for an audience outside the tenant\'s is allowed (no audience condition, or a pattern such as ForAllValues:StringLike ["*"]).', 'Use "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": ["<tenant host>"]} plus "Null": {"sts:IdentityTokenAudience": "false"}.'),
  C('TOKEN_FOR_ANY_VALUE', 'error', 'token-policy', 'Evaluated: with ForAnyValue, a caller may add any extra audience as long as one matches.', 'Use ForAllValues:StringEquals with the Null guard.'),
  C('TOKEN_AUDIENCE_NOT_FOR_ALL_VALUES', 'error', 'token-policy', 'Evaluated: a request for the tenant plus another audience is allowed (the operator does not require every requested audience to match).', 'Use ForAllValues:StringEquals with the Null guard.'),
  C('TOKEN_NULL_GUARD_MISSING', 'warning', 'token-policy', 'Evaluated: a request without audience is allowed (ForAllValues is true on an empty set).', 'Add "Null": {"sts:IdentityTokenAudience": "false"}.'),
  C('TOKEN_NO_DURATION_CAP', 'warning', 'token-policy', 'Evaluated: tokens of up to 3600 s are allowed (no effective sts:DurationSeconds cap).', 'Add "NumericLessThanEquals": {"sts:DurationSeconds": "300"}.'),
  C('TOKEN_DURATION_OUT_OF_RANGE', 'warning', 'token-policy', 'The duration cap is outside 60–3600 seconds.', 'Use a cap such as 300.'),
  C('TOKEN_ALGORITHM_UNKNOWN', 'error', 'token-policy', 'sts:SigningAlgorithm names an algorithm STS never signs with: that grant never matches.', 'Use RS256 or ES384.'),
  C('TOKEN_ALGORITHM_NOT_PINNED', 'warning', 'token-policy', 'Evaluated: both RS256 and ES384 are allowed (another algorithm than the one in use is not denied).', 'Add "StringEquals": {"sts:SigningAlgorithm": "RS256"} (or the one you use).'),
  C('TOKEN_FEDERATION_SWITCH_IN_WORKLOAD_STACK', 'warning', 'token-policy', 'The account-wide federation switch is in a stack with per-workload token policies: destroying that stack disables federation for the whole account.', 'Move aws_iam_outbound_web_identity_federation (OutboundFederation) into its own account-level stack, or read it with the data source.'),
  // DNS (static)
  C('DNS_DKIM_COUNT', 'error', 'dns-records', 'Not exactly 3 DKIM CNAMEs for the domain.', 'Publish one CNAME per DKIM token (3, static indices 0..2; never for_each over the tokens).'),
  C('DNS_DKIM_NAME', 'error', 'dns-records', 'A DKIM record is not named <token>._domainkey.<domain>.', 'Name it "<token>._domainkey.<domain>".'),
  C('DNS_DKIM_TARGET', 'error', 'dns-records', 'A DKIM record does not point to <token>.dkim.amazonses.com (or --dkim-target).', 'Point it to "<token>.dkim.amazonses.com" (or pass --dkim-target for your region).'),
  C('DNS_DKIM_TOKEN_MISMATCH', 'error', 'dns-records', 'A DKIM record points to another token than its name.', 'Use the same token in the name and the target.'),
  C('DNS_MAIL_FROM_APEX', 'error', 'dns-records', 'The MAIL FROM domain is the apex or another domain.', 'Use a subdomain such as mail.<domain> (never touch the apex SPF).'),
  C('DNS_MAIL_FROM_MX', 'error', 'dns-records', 'No or a wrong MX at the MAIL FROM domain.', 'Publish MX "10 feedback-smtp.<region>.amazonses.com".'),
  C('DNS_MAIL_FROM_SPF', 'error', 'dns-records', 'No, several or a wrong SPF TXT at the MAIL FROM domain.', 'Publish exactly one TXT "v=spf1 include:amazonses.com ~all" there.'),
  C('DNS_DMARC_MISSING', 'warning', 'dns-records', 'No DMARC record in the stack.', 'Publish TXT "v=DMARC1; p=none" at _dmarc.<domain> (or check the existing one with --live).'),
  C('DNS_DMARC_SYNTAX', 'error', 'dns-records', 'Several or an invalid DMARC record.', 'Keep exactly one valid record, e.g. "v=DMARC1; p=none; rua=mailto:dmarc@<domain>".'),
  // Trust expression
  C('CEL_PARSE_ERROR', 'error', 'trust-expression', 'The trust expression does not parse: C1 refuses it when the trust is saved.', 'Fix the syntax at the position shown.'),
  C('CEL_TOO_LONG', 'error', 'trust-expression', 'The expression is over 1,024 bytes, the limit C1 accepts.', 'Shorten it (e.g. bind account and sub, drop redundant tests).'),
  C('CEL_TYPE_ERROR', 'error', 'trust-expression', 'C1 (cel-go) refuses the expression: a type error.', 'Fix the expression as the message says.'),
  C('CEL_NUMERIC_CLAIM_IS_DOUBLE', 'error', 'trust-expression', 'A JSON-number claim (iat, exp) is a double in cel-go: int arithmetic on it fails on every token.', 'Compare with doubles (e.g. 1700000000.0) or convert with int().'),
  C('CEL_AWS_CLAIM_NOT_NAMESPACED', 'error', 'trust-expression', 'An AWS claim (aws_account, principal_tags…) is read at the top level; AWS puts it under "https://sts.amazonaws.com/".', 'Write claims["https://sts.amazonaws.com/"]["aws_account"].'),
  C('CEL_NO_ACCOUNT_BINDING', 'error|warning', 'trust-expression', 'The expression does not pin an AWS account.', 'Add && claims["https://sts.amazonaws.com/"]["aws_account"] == "<12-digit account id>".'),
  C('CEL_NO_SUB_BINDING', 'error|warning', 'trust-expression', 'The expression does not pin the principal (claims.sub): every role of the account that may get tokens is accepted.', 'Add && claims.sub == "arn:aws:iam::<account>:role/<workload role>".'),
  C('CEL_TOP_LEVEL_OR', 'error|warning', 'trust-expression', 'A top-level || has branches that accept a token without pinning both the account and sub.', 'Pin account and sub in every branch.'),
  C('CEL_SUB_PREFIX_WITHOUT_ACCOUNT', 'error|warning', 'trust-expression', 'claims.sub is matched by a pattern while no account is pinned: a same-named role in another account is accepted.', 'Pin the account too.'),
  // Live: SES
  C('SES_IDENTITY_MISSING', 'error', 'live-ses', 'The SES identity does not exist in the region checked.', 'Create it (SesSender / c1-ses-sender) in the region you give C1.'),
  C('SES_IDENTITY_UNREADABLE', 'error', 'live-ses', 'SES answered GetEmailIdentity with an error about the identity (not a credential or permission problem: those exit 2).', 'Check --from/--domain.'),
  C('SES_IDENTITY_NOT_VERIFIED', 'error', 'live-ses', 'The domain is not verified for sending.', 'Publish the three DKIM CNAMEs and wait for SES to verify.'),
  C('SES_DKIM_NOT_SUCCESS', 'error', 'live-ses', 'DKIM status is not SUCCESS.', 'Publish the three DKIM CNAMEs exactly as SES lists them.'),
  C('SES_MAIL_FROM_NOT_SUCCESS', 'warning', 'live-ses', 'The custom MAIL FROM domain is not in SUCCESS.', 'Publish its MX and SPF TXT.'),
  C('SES_CONFIG_SET_MISSING', 'error', 'live-ses', 'The configuration set does not exist (or cannot be read) in the region.', 'Create it, or clear the configuration set in C1.'),
  C('SES_SANDBOX_MODE', 'warning', 'live-ses', 'The account is in the SES sandbox: only verified recipients receive mail.', 'Request production access.'),
  C('SES_RECIPIENT_UNKNOWN', 'warning', 'live-ses', 'In the SES sandbox, and no --to given.', 'Pass --to with a verified address.'),
  C('SES_RECIPIENT_NOT_VERIFIED', 'error', 'live-ses', 'In the SES sandbox, the --to recipient is not verified: the test email would be rejected.', 'Verify the recipient, or request production access.'),
  // Live: DNS
  C('LIVE_DNS_DKIM_TOKENS', 'error', 'live-dns', 'SES lists a number of DKIM tokens other than 3.', 'Use Easy DKIM (RSA 2048).'),
  C('LIVE_DNS_DKIM_MISSING', 'error', 'live-dns', 'A DKIM CNAME does not resolve.', 'Publish CNAME <token>._domainkey.<domain> → <token>.dkim.amazonses.com.'),
  C('LIVE_DNS_DKIM_WRONG', 'error', 'live-dns', 'A DKIM CNAME points elsewhere.', 'Point it to <token>.dkim.amazonses.com.'),
  C('LIVE_DNS_MAIL_FROM_MX', 'error', 'live-dns', 'The MAIL FROM MX is missing or for another region.', 'Publish MX "10 feedback-smtp.<region>.amazonses.com".'),
  C('LIVE_DNS_MAIL_FROM_SPF', 'error', 'live-dns', 'No, several or a wrong SPF at the MAIL FROM domain.', 'Publish one TXT "v=spf1 include:amazonses.com ~all".'),
  C('LIVE_DNS_SPF_TOO_MANY_LOOKUPS', 'error', 'live-dns', 'SPF needs more than 10 DNS lookups (permerror).', 'Flatten or remove includes.'),
  C('LIVE_DNS_SPF_INCLUDE_UNRESOLVED', 'info', 'live-dns', 'An SPF include did not resolve through the resolver used.', 'Check it from a public resolver.'),
  C('LIVE_DNS_DMARC_MISSING', 'warning', 'live-dns', 'No DMARC record.', 'Publish TXT "v=DMARC1; p=none; rua=mailto:dmarc@<domain>".'),
  C('LIVE_DNS_DMARC_SYNTAX', 'error', 'live-dns', 'Several or an invalid DMARC record.', 'Keep exactly one valid record.'),
  C('LIVE_DNS_DMARC_MONITOR_ONLY', 'info', 'live-dns', 'DMARC is p=none (monitoring only).', 'Once reports show SES mail aligned, move to quarantine, then reject.'),
  // Live: role
  C('LIVE_ROLE_MISSING', 'error', 'live-role-trust', 'The role ARN given does not exist.', 'Deploy the stack, or correct --role-arn.'),
  C('LIVE_ROLE_TRUST_UNREADABLE', 'error', 'live-role-trust', 'The deployed trust is not a readable policy.', 'Inspect the role in the IAM console.'),
  C('LIVE_ROLE_C1_CANNOT_ASSUME', 'error', 'live-role-chain', "C1's principal cannot assume the role with the External ID (AccessDenied, or STS not active in the region).", 'Fix the trust (or activate STS in the region), as the message says.'),
  C('LIVE_ROLE_ASSUMABLE_WITHOUT_EXTERNAL_ID', 'error', 'live-role-chain', 'AssumeRole without an External ID succeeded.', 'Add StringEquals sts:ExternalId to the trust.'),
  C('LIVE_ROLE_ASSUMABLE_WITH_WRONG_EXTERNAL_ID', 'error', 'live-role-chain', 'AssumeRole with a wrong External ID succeeded.', 'Use StringEquals with exactly the tenant External ID.'),
  C('LIVE_ROLE_NEGATIVE_PROOF_INCONCLUSIVE', 'error', 'live-role-chain', 'AssumeRole without / with a wrong External ID was answered with something other than AccessDenied: the protection is not proven.', 'Run again; check --role-arn and the region.'),
  C('LIVE_ROLE_CALLER_IDENTITY_FAILED', 'error', 'live-role-chain', "GetCallerIdentity with the assumed session failed: C1's save check would fail.", 'Remove a Deny on sts:GetCallerIdentity (role policy, boundary, SCP).'),
  C('LIVE_ROLE_WRONG_SESSION', 'error', 'live-role-chain', 'The assumed session is not a session of the role given.', 'Check --role-arn.'),
  C('LIVE_ROLE_NO_TEST_EMAIL', 'info', 'live-role-chain', 'No --to/--from: the test email was not sent.', 'Pass --to and --from.'),
  C('LIVE_ROLE_TEST_EMAIL_FAILED', 'error', 'live-role-chain', 'The test email as the assumed role was refused; the fix names the cause SES gave (policy scope, configuration set ARN, unverified identity or recipient).', 'As the message says.'),
  // Live: C1
  C('C1_EMAIL_SETTINGS_UNREADABLE', 'error', 'live-c1-email', "C1 refused to return the email provider settings (other than an unreachable C1, a 5xx or a refused token: those exit 2).", 'Use an admin token with settings access.'),
  C('C1_EMAIL_NOT_CONFIGURED', 'error', 'live-c1-email', 'C1 has no SES email provider saved.', 'In C1: Settings > Email provider > Amazon SES, fill the fields from the stack outputs and save.'),
  C('C1_EMAIL_SETTINGS_MISMATCH', 'error', 'live-c1-email', "A field in C1 (role ARN, region, configuration set, sender, reply-to) differs from the deployment.", 'Set it in C1 to the value shown.'),
  C('C1_SEND_TEST_NOT_RUN', 'info', 'live-c1-email', "No --to: C1's Send test was not run.", 'Pass --to.'),
  C('C1_SEND_TEST_FAILED', 'error', 'live-c1-email', "C1's own Send test failed (transient AWS faults are retried first); the fix names the cause from C1's message.", 'As the message says (trust, send policy scope, verification).'),
  // Live: federation
  C('FED_DISABLED', 'error', 'live-federation', 'Outbound web identity federation is not enabled in the account.', 'Enable it once per account: OutboundFederation construct, c1-outbound-federation module, or `aws iam enable-outbound-web-identity-federation`.'),
  C('FED_DISCOVERY_FAILED', 'error', 'live-federation', "The issuer's OpenID discovery document is missing or wrong.", 'Check the issuer URL.'),
  C('FED_JWKS_FAILED', 'error', 'live-federation', "The issuer's JWKS cannot be read.", 'Check the issuer.'),
  C('FED_TOKEN_DENIED', 'error', 'live-federation', 'sts:GetWebIdentityToken was refused; the validator asks again with the shortest duration and the other algorithm to name the real cause (duration cap, algorithm, audience/no grant, session lifetime).', 'As the message says.'),
  C('FED_JWT_INVALID', 'error', 'live-federation', "The token does not verify against the issuer's JWKS (issuer, audience or algorithm).", 'Check the issuer, audience and algorithm.'),
  C('FED_CLAIMS', 'info', 'live-federation', 'The token\'s claims, in their real layout (AWS claims under "https://sts.amazonaws.com/"), to write the trust expression from.', 'Compare with the trust expression in C1.'),
  C('FED_TRUST_UNREADABLE', 'warning', 'live-federation', 'The trust could not be read with the admin token (not found or not allowed).', 'Pass --trust-expression, or check --c1-admin-token and --service-principal-id.'),
  C('FED_TRUST_NOT_EVALUATED', 'info', 'live-federation', 'No trust expression to evaluate locally.', 'Pass --trust-expression.'),
  C('FED_TRUST_NOT_MATCHED', 'error', 'live-federation', 'The trust expression does not match the token\'s claims.', 'Bind the trust to the aws_account and sub shown in FED_CLAIMS.'),
  C('FED_EXCHANGE_FAILED', 'error', 'live-federation', "C1's /auth/v1/token refused the exchange (trust_not_found, issuer_mismatch, cel_condition_not_met, token_too_old…).", 'As the message says.'),
  C('FED_INTROSPECT_FAILED', 'error', 'live-federation', 'Introspect with the exchanged token failed.', 'Check the service principal in C1 (enabled, roles).'),
  // check-headers
  C('HDR_NO_FROM', 'error', 'check-headers', 'The message has no readable From address.', 'Save the full message source (with headers) as .eml.'),
  C('HDR_NO_AUTH_RESULTS', 'error', 'check-headers', 'No Authentication-Results header (from --authserv-id).', "Save the message as the recipient's provider received it."),
  C('HDR_SPF_MISSING', 'error', 'check-headers', 'No SPF result.', 'Check the MAIL FROM domain records.'),
  C('HDR_SPF_FAIL', 'error', 'check-headers', 'SPF did not pass.', 'Publish "v=spf1 include:amazonses.com ~all" on the MAIL FROM subdomain.'),
  C('HDR_SPF_NOT_ALIGNED', 'warning', 'check-headers', 'SPF passed for a domain not aligned with From (SES default MAIL FROM).', 'Set a custom MAIL FROM subdomain of the From domain.'),
  C('HDR_DKIM_MISSING', 'error', 'check-headers', 'No DKIM result.', 'Enable Easy DKIM and publish the three CNAMEs.'),
  C('HDR_DKIM_FAIL', 'error', 'check-headers', 'DKIM did not pass.', 'Check the DKIM CNAMEs and that SES shows DKIM SUCCESS.'),
  C('HDR_DKIM_NOT_ALIGNED', 'error', 'check-headers', 'DKIM passed only for a domain not aligned with From.', 'Send from a verified domain identity with Easy DKIM.'),
  C('HDR_DMARC_MISSING', 'error', 'check-headers', 'No DMARC result.', 'Publish TXT "v=DMARC1; p=none" at _dmarc.<domain>.'),
  C('HDR_DMARC_FAIL', 'error', 'check-headers', 'DMARC did not pass.', 'Align DKIM (d=) or SPF (MAIL FROM) with the From domain.'),
  C('HDR_DMARC_OTHER_DOMAIN', 'warning', 'check-headers', 'DMARC was evaluated for another domain than From.', 'Check the From header.'),
];

const KNOWN = new Set(FINDING_CODES.map((c) => c.code));

/** Is `code` one a check can emit? */
export function isKnownFindingCode(code: string): boolean {
  return KNOWN.has(code.trim().toUpperCase());
}

/** The README troubleshooting table (Markdown), one row per code. */
export function troubleshootingTable(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return ['| Code | Severity | Check | Cause | Fix |', '|---|---|---|---|---|', ...FINDING_CODES.map((c) => `| \`${c.code}\` | ${c.severity.replace('|', ' or ')} | ${cell(c.check)} | ${cell(c.cause)} | ${cell(c.fix)} |`)].join('\n');
}
