/**
 * Build the recommended C1 trust expression for AWS outbound web identity tokens.
 * Used by the WebIdentityTokenAccess construct, the validator and the CLI.
 */
import { AWS_CLAIMS_NAMESPACE } from '../policy/constants';

export interface TrustExpressionInput {
  /** 12-digit account id the workload runs in. */
  readonly accountId: string;
  /** Role ARN(s) of the workload (the token's `sub`). At least one. */
  readonly roleArns: readonly string[];
  /** AWS Organizations id, e.g. `o-abc1234567`. */
  readonly orgId?: string;
  /** Principal tags that must be present with these values. */
  readonly principalTags?: Readonly<Record<string, string>>;
}

/** A CEL string literal (double-quoted, escaped). */
export function celString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

const AWS = `claims[${celString(AWS_CLAIMS_NAMESPACE)}]`;

/** e.g. `claims["https://sts.amazonaws.com/"]["aws_account"] == "123456789012" && claims.sub == "arn:…"` */
export function recommendTrustExpression(input: TrustExpressionInput): string {
  if (input.roleArns.length === 0) throw new Error('recommendTrustExpression: at least one role ARN is required');
  const parts: string[] = [`${AWS}["aws_account"] == ${celString(input.accountId)}`];
  parts.push(
    input.roleArns.length === 1
      ? `claims.sub == ${celString(input.roleArns[0])}`
      : `claims.sub in [${input.roleArns.map(celString).join(', ')}]`,
  );
  if (input.orgId) parts.push(`${AWS}["org_id"] == ${celString(input.orgId)}`);
  for (const [k, v] of Object.entries(input.principalTags ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(`${AWS}["principal_tags"][${celString(k)}] == ${celString(v)}`);
  }
  return parts.join(' && ');
}
