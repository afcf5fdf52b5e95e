/**
 * IAM's input constraints (the service model: roleNameType, policyNameType, pathType,
 * policyPathType, roleDescriptionType, tagKeyType/tagValueType, tagListType) and quotas (IAM and
 * AWS STS quotas: role trust policy 2,048 characters, a role's inline policies together 10,240, a
 * managed policy 6,144, whitespace not counted; 10 managed policies per role; 50 tags per resource).
 * A model constraint is ValidationError (400); a quota is LimitExceeded (409); a duplicate tag key
 * or an `aws:` prefix is InvalidInput (400).
 */
import { AwsApiError, validationError } from './api-error';
import { memberList, type QueryParams } from './query-protocol';

const constraint = (value: string, member: string, rule: string): AwsApiError =>
  validationError(`1 validation error detected: Value '${value.length > 128 ? `${value.slice(0, 128)}...` : value}' at '${member}' failed to satisfy constraint: ${rule}`);

const limitExceeded = (message: string): AwsApiError => new AwsApiError(409, 'LimitExceeded', message);

/** A name of the `[\w+=,.@-]+` family (role names 1–64, policy names 1–128). */
export function checkName(value: string, member: 'roleName' | 'policyName', max: number): string {
  if (value.length > max) throw constraint(value, member, `Member must have length less than or equal to ${max}`);
  if (!/^[\w+=,.@-]+$/.test(value)) throw constraint(value, member, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return value;
}

/** A role path (pathType) or a managed policy path (policyPathType, stricter): 1–512 characters. */
export function checkPath(value: string, kind: 'role' | 'policy'): string {
  if (value.length > 512) throw constraint(value, 'path', 'Member must have length less than or equal to 512');
  const ok = kind === 'role' ? /^(\/|\/[\x21-\x7e]+\/)$/.test(value) : /^(\/[A-Za-z0-9.,+@=_-]+)*\/$/.test(value);
  if (!ok) throw constraint(value, 'path', `Member must satisfy regular expression pattern: ${kind === 'role' ? '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' : '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/'}`);
  return value;
}

/** A role or policy description: up to 1,000 characters of printable Latin-1. */
export function checkDescription(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > 1000) throw constraint(value, 'description', 'Member must have length less than or equal to 1000');
  if (!/^[\t\n\r\x20-\x7e\xa1-\xff]*$/.test(value)) throw constraint(value, 'description', 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*');
  return value;
}

/** The size IAM counts against its policy quotas: characters other than whitespace. */
export function policySize(doc: string): number {
  return doc.replace(/\s/g, '').length;
}

/** Role trust policy: 2,048 characters (the default quota). */
export function checkTrustPolicySize(doc: string): string {
  if (policySize(doc) > 2048) throw limitExceeded('Cannot exceed quota for ACLSizePerRole: 2048');
  return doc;
}

/** A role's inline policies together (the new one replacing its namesake): 10,240 characters. */
export function checkInlinePoliciesSize(roleName: string, inline: ReadonlyMap<string, string>, name: string, doc: string): void {
  let total = policySize(doc);
  for (const [n, d] of inline) if (n !== name) total += policySize(d);
  if (total > 10240) throw limitExceeded(`Maximum policy size of 10240 bytes exceeded for role ${roleName}`);
}

/** A managed policy version: 6,144 characters. */
export function checkManagedPolicySize(doc: string): string {
  if (policySize(doc) > 6144) throw limitExceeded('Cannot exceed quota for PolicySize: 6144');
  return doc;
}

/** Managed policies attached to one role: 10 (the default quota). */
export function checkAttachQuota(attached: ReadonlySet<string>, arn: string): void {
  if (!attached.has(arn) && attached.size >= 10) throw limitExceeded('Cannot exceed quota for PoliciesPerRole: 10');
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** `Tags.member.N.Key/Value` of an IAM call, checked; `existing` tags count against the 50-tag quota. */
export function checkedTags(p: QueryParams, existing: ReadonlyMap<string, string> = new Map(), resource: 'Role' | 'Policy' = 'Role'): Array<{ Key: string; Value: string }> {
  const out: Array<{ Key: string; Value: string }> = [];
  for (let i = 1; p.has(`Tags.member.${i}.Key`); i++) out.push({ Key: p.get(`Tags.member.${i}.Key`) ?? '', Value: p.get(`Tags.member.${i}.Value`) ?? '' });
  if (out.length > 50) throw constraint(`[${out.length} tags]`, 'tags', 'Member must have length less than or equal to 50');
  const seen = new Set<string>();
  for (const t of out) {
    if (t.Key.length < 1 || t.Key.length > 128) throw constraint(t.Key, 'tags.member.key', 'Member must have length between 1 and 128');
    if (!TAG_KEY.test(t.Key)) throw constraint(t.Key, 'tags.member.key', 'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
    if (t.Value.length > 256) throw constraint(t.Value, 'tags.member.value', 'Member must have length less than or equal to 256');
    if (!TAG_VALUE.test(t.Value)) throw constraint(t.Value, 'tags.member.value', 'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    if (t.Key.toLowerCase().startsWith('aws:')) throw new AwsApiError(400, 'InvalidInput', `User-defined tag keys can't start with "aws:": ${t.Key}`);
    if (seen.has(t.Key.toLowerCase())) throw new AwsApiError(400, 'InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(t.Key.toLowerCase());
  }
  const keys = new Set([...existing.keys()].map((k) => k.toLowerCase()));
  for (const k of seen) keys.add(k);
  if (keys.size > 50) throw limitExceeded(`Cannot exceed quota for TagsPer${resource}: 50`);
  return out;
}

/** `TagKeys.member.N` of an Untag call: 1–50 keys. */
export function checkedTagKeys(p: QueryParams): string[] {
  const keys = memberList(p, 'TagKeys');
  if (keys.length > 50) throw constraint(`[${keys.length} keys]`, 'tagKeys', 'Member must have length less than or equal to 50');
  return keys;
}
