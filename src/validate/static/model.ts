/** Reading IAM documents and references out of normalised stack resources. */
import { PolicyDocument, PolicyStatement, asList } from '../../policy/types';
import { StackResource, StaticInput } from './inputs';

/** A cdktf reference or interpolation left unresolved (`${aws_x.y.arn}`, `${var.z}`): treated as an opaque value. */
export function isUnresolved(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

export type ParsedPolicy = { readonly ok: true; readonly document: PolicyDocument } | { readonly ok: false; readonly reason: string };

/** Parse a policy attribute (a JSON string, or an object in state/plan JSON). */
export function parsePolicy(value: unknown): ParsedPolicy {
  if (value === undefined || value === null) return { ok: false, reason: 'the policy is not known yet (computed at apply)' };
  let doc: unknown = value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^\$\{(jsonencode|data\.)/.test(t)) return { ok: false, reason: 'the policy is a Terraform expression (jsonencode/data source) that only Terraform can evaluate' };
    try {
      doc = JSON.parse(t);
    } catch {
      return { ok: false, reason: 'the policy is not valid JSON' };
    }
  }
  if (doc === null || typeof doc !== 'object' || !('Statement' in doc)) return { ok: false, reason: 'the policy has no Statement' };
  const d = doc as { Version?: string; Statement: unknown };
  const statements = asList(d.Statement as PolicyStatement | PolicyStatement[]);
  return { ok: true, document: { Version: (d.Version as PolicyDocument['Version']) ?? '2012-10-17', Statement: statements } };
}

export function ofType(input: StaticInput, type: string): StackResource[] {
  return input.resources.filter((r) => r.type === type);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Does `ref` (an attribute value) point at `target`: a `${type.name.attr}` reference or its literal name/arn/id? */
export function refersTo(ref: unknown, target: StackResource): boolean {
  const s = str(ref);
  if (s === undefined) return false;
  const local = `${target.type}.${target.name}`;
  if (s.includes(`\${${local}.`) || s.includes(`\${${local}[`)) return true;
  for (const k of ['name', 'arn', 'id', 'email_identity', 'configuration_set_name']) {
    const v = str(target.values[k]);
    if (v !== undefined && !isUnresolved(v) && v === s) return true;
  }
  return false;
}

export interface AttachedPolicy {
  readonly address: string;
  readonly parsed: ParsedPolicy;
}

/** Identity policies of a role: inline (`aws_iam_role_policy`, deprecated `inline_policy`) and attached managed ones in the input. */
export function rolePolicies(input: StaticInput, role: StackResource): AttachedPolicy[] {
  const same = (r: StackResource): boolean => r.stack === role.stack;
  const out: AttachedPolicy[] = [];
  for (const ip of asList(role.values.inline_policy as unknown[] | undefined)) {
    if (ip && typeof ip === 'object') out.push({ address: `${role.address}.inline_policy`, parsed: parsePolicy((ip as { policy?: unknown }).policy) });
  }
  for (const rp of ofType(input, 'aws_iam_role_policy').filter(same)) {
    if (refersTo(rp.values.role, role)) out.push({ address: rp.address, parsed: parsePolicy(rp.values.policy) });
  }
  const managed = ofType(input, 'aws_iam_policy').filter(same);
  for (const att of [...ofType(input, 'aws_iam_role_policy_attachment'), ...ofType(input, 'aws_iam_policy_attachment')].filter(same)) {
    const roles = att.type === 'aws_iam_policy_attachment' ? asList(att.values.roles as unknown[] | undefined) : [att.values.role];
    if (!roles.some((r) => refersTo(r, role))) continue;
    const pol = managed.find((p) => refersTo(att.values.policy_arn, p));
    if (pol) out.push({ address: pol.address, parsed: parsePolicy(pol.values.policy) });
  }
  return out;
}

/** Every parsed statement of a document, with its index. */
export function statements(doc: PolicyDocument): readonly PolicyStatement[] {
  return doc.Statement;
}

/** Actions of a statement, lower-cased. */
export function actionsOf(s: PolicyStatement): string[] {
  return asList(s.Action).map((a) => a.toLowerCase());
}
