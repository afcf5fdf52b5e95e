/** Reading IAM documents and references out of normalised stack resources. */
import { PolicyDocument, PolicyStatement, asList } from '../../policy/types';
import { readJsonencode } from './hcl';
import type { StackResource, StaticInput } from './inputs';
import { parseStrictJson } from './strict-json';

/** A cdktf reference or interpolation left unresolved (`${aws_x.y.arn}`, `${var.z}`): treated as an opaque value. */
export function isUnresolved(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

/**
 * Why a policy could not be read: `unknown` (a plan's value computed at apply), `expression` (a Terraform
 * expression only Terraform evaluates), `malformed` (AWS would reject it: not JSON, wrong types, too deep).
 */
export type UnreadableKind = 'unknown' | 'expression' | 'malformed';

export type ParsedPolicy =
  | {
      readonly ok: true;
      readonly document: PolicyDocument;
      /** Keys that occur twice in one object (`$.Statement[0].Condition.StringEquals["sts:ExternalId"]`): ambiguous. */
      readonly duplicates: readonly string[];
    }
  | { readonly ok: false; readonly kind: UnreadableKind; readonly reason: string };

/** Marker for a value a terraform plan knows only after apply (see inputs.ts). */
export const UNKNOWN_AFTER_APPLY = Symbol.for('c1-aws.validate.unknown-after-apply');

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function malformed(reason: string): ParsedPolicy {
  return { ok: false, kind: 'malformed', reason: `the policy is malformed: ${reason} (IAM rejects it with MalformedPolicyDocument)` };
}

/** A string or a non-empty list of strings (numbers and booleans read as strings, as IAM does in conditions). */
function stringList(v: unknown, where: string, scalars = false): { ok: true; value: string | string[] } | { ok: false; reason: string } {
  const one = (x: unknown): x is string | number | boolean => typeof x === 'string' || (scalars && (typeof x === 'number' || typeof x === 'boolean'));
  if (one(v)) return { ok: true, value: String(v) };
  if (Array.isArray(v) && v.every(one)) return { ok: true, value: v.map(String) };
  return { ok: false, reason: `${where} must be a string or a list of strings, not ${v === null ? 'null' : Array.isArray(v) ? 'a list holding a non-string' : typeof v}` };
}

function principalBlock(v: unknown, where: string): { ok: true; value: PolicyStatement['Principal'] } | { ok: false; reason: string } {
  if (v === '*') return { ok: true, value: '*' };
  if (!isObj(v) || Object.keys(v).length === 0) return { ok: false, reason: `${where} must be "*" or an object such as {"AWS": "<arn>"}, not ${v === null ? 'null' : JSON.stringify(v)?.slice(0, 40) ?? typeof v}` };
  const out: Record<string, string | string[]> = {};
  for (const [k, x] of Object.entries(v)) {
    const l = stringList(x, `${where}.${k}`);
    if (!l.ok) return l;
    out[k] = l.value;
  }
  return { ok: true, value: out };
}

/** Check the shape IAM requires and return a typed document, or the first problem. */
export function normalizePolicy(doc: unknown): { ok: true; document: PolicyDocument } | { ok: false; reason: string } {
  if (!isObj(doc)) return { ok: false, reason: `the document must be a JSON object, not ${doc === null ? 'null' : Array.isArray(doc) ? 'a list' : typeof doc}` };
  if (!('Statement' in doc)) return { ok: false, reason: 'the document has no Statement' };
  const raw = doc.Statement;
  if (raw === null || (typeof raw !== 'object')) return { ok: false, reason: `Statement must be an object or a list of objects, not ${raw === null ? 'null' : typeof raw}` };
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return { ok: false, reason: 'Statement is empty' };
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') return { ok: false, reason: `Version ${JSON.stringify(doc.Version)} is not "2012-10-17"` };
  const statements: PolicyStatement[] = [];
  for (const [i, s] of list.entries()) {
    const at = `Statement[${i}]`;
    if (!isObj(s)) return { ok: false, reason: `${at} must be an object, not ${s === null ? 'null' : Array.isArray(s) ? 'a list' : typeof s}` };
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { ok: false, reason: `${at}.Effect must be "Allow" or "Deny", not ${JSON.stringify(s.Effect) ?? 'missing'}` };
    const st: Record<string, unknown> = { Effect: s.Effect };
    if (s.Sid !== undefined) {
      if (typeof s.Sid !== 'string') return { ok: false, reason: `${at}.Sid must be a string` };
      st.Sid = s.Sid;
    }
    if ((s.Action === undefined) === (s.NotAction === undefined)) return { ok: false, reason: `${at} needs exactly one of Action or NotAction` };
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      if (!(k in s)) continue;
      const l = stringList(s[k], `${at}.${k}`);
      if (!l.ok) return l;
      st[k] = l.value;
    }
    if (s.Resource !== undefined && s.NotResource !== undefined) return { ok: false, reason: `${at} has both Resource and NotResource` };
    for (const k of ['Principal', 'NotPrincipal'] as const) {
      if (!(k in s)) continue;
      const p = principalBlock(s[k], `${at}.${k}`);
      if (!p.ok) return p;
      st[k] = p.value;
    }
    if ('Condition' in s) {
      const c = s.Condition;
      if (!isObj(c)) return { ok: false, reason: `${at}.Condition must be an object of operators, not ${c === null ? 'null' : Array.isArray(c) ? 'a list' : typeof c}` };
      const cond: Record<string, Record<string, string | string[]>> = {};
      for (const [op, block] of Object.entries(c)) {
        if (!isObj(block)) return { ok: false, reason: `${at}.Condition.${op} must be an object of condition keys, not ${block === null ? 'null' : typeof block}` };
        cond[op] = {};
        for (const [key, v] of Object.entries(block)) {
          const l = stringList(v, `${at}.Condition.${op}["${key}"]`, true);
          if (!l.ok) return l;
          cond[op][key] = l.value;
        }
      }
      st.Condition = cond;
    }
    statements.push(st as unknown as PolicyStatement);
  }
  return { ok: true, document: { Version: (doc.Version as PolicyDocument['Version'] | undefined) ?? '2008-10-17', ...(typeof doc.Id === 'string' ? { Id: doc.Id } : {}), Statement: statements } };
}

/**
 * Parse a policy attribute: a JSON string (read with a parser that reports duplicate keys), a cdktf
 * `${jsonencode({...})}` of an HCL literal (read; references stay `${...}`), or an object (state/plan JSON).
 */
const textCache = new Map<string, ParsedPolicy>();
const TEXT_CACHE_MAX = 4096;

/** parsePolicy, memoized for policy strings (stacks repeat the same document across many roles). */
export function parsePolicy(value: unknown): ParsedPolicy {
  if (typeof value !== 'string') return parsePolicyUncached(value);
  const hit = textCache.get(value);
  if (hit) return hit;
  const parsed = parsePolicyUncached(value);
  if (textCache.size >= TEXT_CACHE_MAX) textCache.clear();
  textCache.set(value, parsed);
  return parsed;
}

function parsePolicyUncached(value: unknown): ParsedPolicy {
  if (value === UNKNOWN_AFTER_APPLY) return { ok: false, kind: 'unknown', reason: 'the policy is known only after apply (it depends on values Terraform computes then)' };
  if (value === undefined || value === null) return { ok: false, kind: 'unknown', reason: 'the policy is not set (or known only after apply)' };
  let doc: unknown = value;
  let duplicates: readonly string[] = [];
  if (typeof value === 'string') {
    const t = value.trim();
    const hcl = readJsonencode(t);
    if (hcl !== undefined) {
      if (!hcl.ok) return { ok: false, kind: 'expression', reason: hcl.reason };
      doc = hcl.value;
    } else if (/^\$\{/.test(t) && t.endsWith('}') && !t.startsWith('{')) {
      return { ok: false, kind: 'expression', reason: 'the policy is a Terraform expression (a data source or reference) that only Terraform can evaluate' };
    } else {
      const parsed = parseStrictJson(t);
      if (!parsed.ok) return malformed(parsed.tooDeep ? `it is ${parsed.reason}` : `it is not valid JSON (${parsed.reason})`);
      doc = parsed.value;
      duplicates = parsed.duplicates;
    }
  } else if (typeof value !== 'object') {
    return malformed(`it is a ${typeof value}, not a JSON document`);
  }
  const n = normalizePolicy(doc);
  if (!n.ok) return malformed(n.reason);
  return { ok: true, document: n.document, duplicates };
}

interface InputIndex {
  readonly byType: Map<string, StackResource[]>;
  /** Policies reaching a role, by the role's reference keys (see `keysOf`). */
  readonly policiesByRole: Map<string, { readonly address: string; readonly value: unknown }[]>;
}

const indexes = new WeakMap<StaticInput, InputIndex>();

/** The keys a reference to `r` can take: `stack|ref:type.name` (a `${type.name...}` reference), `stack|lit:<value>` (its literal name/arn/id). */
function keysOf(r: StackResource): string[] {
  const keys = [`${r.stack}|ref:${r.type}.${r.name}`];
  for (const k of ['name', 'arn', 'id', 'email_identity', 'configuration_set_name']) {
    const v = r.values[k];
    if (typeof v === 'string' && v !== '' && !isUnresolved(v)) keys.push(`${r.stack}|lit:${v}`);
  }
  return keys;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const TRAVERSAL = /(?:^|[^\w.-])([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\s*(?=[.[])/g;

/** The keys a reference attribute value (`${aws_iam_role.r.name}`, a literal name, an ARN) may match. */
function refKeys(stack: string, ref: unknown): string[] {
  if (typeof ref !== 'string' || ref === '') return [];
  if (!isUnresolved(ref)) return [`${stack}|lit:${ref}`];
  const out: string[] = [];
  for (const m of ref.matchAll(INTERPOLATION)) for (const t of m[1].matchAll(TRAVERSAL)) out.push(`${stack}|ref:${t[1]}.${t[2]}`);
  return out;
}

function indexOf(input: StaticInput): InputIndex {
  const cached = indexes.get(input);
  if (cached) return cached;
  const byType = new Map<string, StackResource[]>();
  for (const r of input.resources) {
    const l = byType.get(r.type);
    if (l) l.push(r);
    else byType.set(r.type, [r]);
  }
  const policiesByRole = new Map<string, { address: string; value: unknown }[]>();
  const add = (keys: readonly string[], p: { address: string; value: unknown }): void => {
    for (const k of new Set(keys)) {
      const l = policiesByRole.get(k);
      if (l) l.push(p);
      else policiesByRole.set(k, [p]);
    }
  };
  for (const rp of byType.get('aws_iam_role_policy') ?? []) add(refKeys(rp.stack, rp.values.role), { address: rp.address, value: rp.values.policy });
  const managed = new Map<string, StackResource[]>();
  for (const p of byType.get('aws_iam_policy') ?? []) {
    for (const k of keysOf(p)) {
      const l = managed.get(k);
      if (l) l.push(p);
      else managed.set(k, [p]);
    }
  }
  for (const att of [...(byType.get('aws_iam_role_policy_attachment') ?? []), ...(byType.get('aws_iam_policy_attachment') ?? [])]) {
    const roles = att.type === 'aws_iam_policy_attachment' ? asList(att.values.roles as unknown[] | undefined) : [att.values.role];
    const pols = new Set(refKeys(att.stack, att.values.policy_arn).flatMap((k) => managed.get(k) ?? []));
    const roleKeys = roles.flatMap((r) => refKeys(att.stack, r));
    for (const pol of pols) add(roleKeys, { address: pol.address, value: pol.values.policy });
  }
  const idx = { byType, policiesByRole };
  indexes.set(input, idx);
  return idx;
}

export function ofType(input: StaticInput, type: string): StackResource[] {
  return indexOf(input).byType.get(type) ?? [];
}

/** Does `ref` (an attribute value) point at `target`: a `${type.name.attr}` reference or its literal name/arn/id? */
export function refersTo(ref: unknown, target: StackResource): boolean {
  const keys = new Set(keysOf(target));
  return refKeys(target.stack, ref).some((k) => keys.has(k));
}

export interface AttachedPolicy {
  readonly address: string;
  readonly parsed: ParsedPolicy;
}

const parsedCache = new WeakMap<object, ParsedPolicy>();

/** parsePolicy, once per policy string of one input (a managed policy attached to many roles is read once). */
function parseOnce(cacheKey: object, value: unknown): ParsedPolicy {
  const c = parsedCache.get(cacheKey);
  if (c) return c;
  const p = parsePolicy(value);
  parsedCache.set(cacheKey, p);
  return p;
}

/** Identity policies of a role: inline (`aws_iam_role_policy`, deprecated `inline_policy`) and attached managed ones in the input. */
export function rolePolicies(input: StaticInput, role: StackResource): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  for (const ip of asList(role.values.inline_policy as unknown[] | undefined)) {
    if (ip && typeof ip === 'object') out.push({ address: `${role.address}.inline_policy`, parsed: parseOnce(ip, (ip as { policy?: unknown }).policy) });
  }
  const idx = indexOf(input);
  const seen = new Set<object>();
  for (const k of keysOf(role)) {
    for (const p of idx.policiesByRole.get(k) ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push({ address: p.address, parsed: parseOnce(p, p.value) });
    }
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
