/**
 * Principals: parsing ARNs of callers and matching them against `Principal` / `NotPrincipal` blocks.
 *
 * AWS forms handled: `"*"`, `{"AWS": "*"}`, account id `"123456789012"` and root ARN
 * `arn:aws:iam::123456789012:root` (any principal of that account), role ARN (the role and its
 * assumed-role sessions), user ARN, assumed-role session ARN, and the `Service`, `Federated` and
 * `CanonicalUser` keys (exact value). Partial wildcards are not valid in principals (AWS rejects them),
 * so `arn:aws:iam::1:role/*` is compared literally and matches nothing.
 */
import { PrincipalBlock, asList } from './types';

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon. */
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; undefined when not an ARN. */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

export type PrincipalKind = 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'other';

export interface ParsedPrincipal {
  readonly arn: string;
  readonly partition: string;
  readonly account: string;
  readonly kind: PrincipalKind;
  /** User or role name (without path); for sessions the role name. */
  readonly name?: string;
  /** Path of users and roles, e.g. `/` or `/service-role/`. */
  readonly path?: string;
  /** Session name for assumed-role sessions. */
  readonly session?: string;
}

/** Parses an IAM/STS principal ARN (root, user, role, assumed-role session, federated user). */
export function parsePrincipalArn(arn: string): ParsedPrincipal | undefined {
  const a = parseArn(arn);
  if (a === undefined || (a.service !== 'iam' && a.service !== 'sts')) return undefined;
  const base = { arn, partition: a.partition, account: a.account };
  if (a.service === 'iam' && a.resource === 'root') return { ...base, kind: 'root' };
  const slash = a.resource.indexOf('/');
  const type = slash < 0 ? a.resource : a.resource.slice(0, slash);
  const rest = slash < 0 ? '' : a.resource.slice(slash + 1);
  if (a.service === 'iam' && (type === 'user' || type === 'role')) {
    const last = rest.lastIndexOf('/');
    return { ...base, kind: type, name: rest.slice(last + 1), path: last < 0 ? '/' : `/${rest.slice(0, last + 1)}` };
  }
  if (a.service === 'sts' && type === 'assumed-role') {
    const [name, ...session] = rest.split('/');
    return { ...base, kind: 'assumed-role', name, session: session.join('/') };
  }
  if (a.service === 'sts' && type === 'federated-user') return { ...base, kind: 'federated-user', name: rest };
  return { ...base, kind: 'other' };
}

/**
 * The role ARN (path `/`) a session ARN belongs to: `arn:aws:sts::1:assumed-role/R/s` →
 * `arn:aws:iam::1:role/R`. Other ARNs are returned unchanged. (A session ARN does not carry the
 * role's path; pass the real role ARN as `principalRoleArn` when the role has one.)
 */
export function sessionRoleArn(arn: string): string {
  const p = parsePrincipalArn(arn);
  if (p?.kind !== 'assumed-role') return arn;
  return `arn:${p.partition}:iam::${p.account}:role/${p.name}`;
}

/** Account id of a principal ARN, or the value itself when it is a bare 12-digit account id. */
export function principalAccountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return parseArn(principal)?.account || undefined;
}

/** The caller fields of an EvaluationRequest derived from one ARN (role sessions get their role ARN). */
export function callerFields(principalArn: string, roleArn?: string): { principal: string; principalAccount: string; principalRoleArn?: string } {
  const parsed = parsePrincipalArn(principalArn);
  const account = principalAccountOf(principalArn) ?? '';
  if (parsed?.kind === 'assumed-role') return { principal: principalArn, principalAccount: account, principalRoleArn: roleArn ?? sessionRoleArn(principalArn) };
  if (parsed?.kind === 'role') return { principal: principalArn, principalAccount: account, principalRoleArn: principalArn };
  return { principal: principalArn, principalAccount: account, ...(roleArn ? { principalRoleArn: roleArn } : {}) };
}

/** The caller, as far as principal matching needs it. */
export interface Caller {
  readonly principal: string;
  readonly principalAccount: string;
  readonly principalRoleArn?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Does one value under the `AWS` key name this caller? */
export function awsPrincipalValueMatches(value: string, caller: Caller): boolean {
  if (value === '*') return true;
  if (ACCOUNT_ID.test(value)) return value === caller.principalAccount;
  const parsed = parsePrincipalArn(value);
  if (parsed === undefined) return value === caller.principal;
  if (parsed.kind === 'root') return parsed.account === caller.principalAccount;
  if (value === caller.principal) return true;
  if (parsed.kind === 'role') {
    if (caller.principalRoleArn !== undefined) return caller.principalRoleArn === value;
    // No role ARN given: a session matches a role of the same account and name.
    const c = parsePrincipalArn(caller.principal);
    return c?.kind === 'assumed-role' && c.account === parsed.account && c.partition === parsed.partition && c.name === parsed.name;
  }
  return false;
}

/**
 * How a `Principal` block names the caller: 'principal' (the caller itself, its role, or `*`),
 * 'account' (only through an account principal: a bare account id or `arn:aws:iam::<id>:root`), or
 * undefined (not at all). The difference matters in the same account: an account principal "delegates
 * authority to the account", and the account ARN and the bare id "both delegate permissions to the
 * account" (IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals), so an
 * Allow that names only the account needs an identity-based Allow too (an independent simulator agrees).
 */
export function principalMatchKind(block: PrincipalBlock, caller: Caller): 'principal' | 'account' | undefined {
  if (block === '*') return 'principal';
  let account = false;
  for (const [key, raw] of Object.entries(block)) {
    for (const value of asList(raw)) {
      if (key === 'AWS') {
        if (!awsPrincipalValueMatches(value, caller)) continue;
        if (ACCOUNT_ID.test(value) || parsePrincipalArn(value)?.kind === 'root') account = true;
        else return 'principal';
      } else if (value === '*') {
        return 'principal';
      } else if (key === 'Service') {
        if (value.toLowerCase() === caller.principal.toLowerCase()) return 'principal';
      } else if (value === caller.principal) {
        return 'principal';
      }
    }
  }
  return account ? 'account' : undefined;
}

/**
 * Does a `Principal` block name the caller? Values under one key are ORed, keys are ORed.
 * `Service` compares case-insensitively, `Federated`/`CanonicalUser` exactly; any key accepts `*`.
 */
export function principalMatches(block: PrincipalBlock, caller: Caller): boolean {
  return principalMatchKind(block, caller) !== undefined;
}
