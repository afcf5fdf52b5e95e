/**
 * Static check of the trust policy of the role C1 assumes: exactly C1's principal, `StringEquals
 * sts:ExternalId`, nothing looser — then decided with the shared evaluator: C1 with the External ID
 * must be allowed; without it, with a wrong one, or anyone else must not.
 */
import { C1_SERVICE_ROLE_ARN, KEY_EXTERNAL_ID } from '../../policy/constants';
import { evaluatePolicies } from '../../policy/evaluate';
import { redact } from '../../policy/rules';
import { PolicyDocument, PolicyStatement, asList } from '../../policy/types';
import { Check, CheckOutcome, Finding, FindingSink, SkipCheck, outcome } from '../findings';
import { StackResource, StaticInput } from './inputs';
import { policyToCheck } from './policy-findings';
import { isUnresolved, ofType, parsePolicy, rolePolicies } from './model';

export interface TrustCheckOptions {
  /** The tenant's External ID (compared when given; never printed in full). */
  readonly externalId?: string;
  /** @default C1_SERVICE_ROLE_ARN */
  readonly c1PrincipalArn?: string;
  /** Only this role (its `name` attribute or resource address). */
  readonly roleName?: string;
}

export const TRUST_CHECK_ID = 'trust';

function accountOf(arn: string): string {
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? '000000000000';
}

/** The session ARN a role's callers appear as (`arn:aws:sts::<acct>:assumed-role/<name>/<session>`). */
export function sessionArnOf(roleArn: string, session = 'c1-validate'): string {
  const name = roleArn.split('/').pop() ?? 'role';
  return `arn:aws:sts::${accountOf(roleArn)}:assumed-role/${name}/${session}`;
}

function grantsAssumeRole(s: PolicyStatement): boolean {
  return asList(s.Action).some((a) => /^(sts:assumerole|sts:\*|\*)$/i.test(a));
}

function conditionValues(s: PolicyStatement, operator: RegExp, key: string): { op: string; values: string[] }[] {
  const out: { op: string; values: string[] }[] = [];
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    if (!operator.test(op)) continue;
    for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) out.push({ op, values: asList(v as string | string[]).map(String) });
  }
  return out;
}

/** Roles whose trust names C1 (its account or principal) or requires an External ID, or whose policies send mail. */
const c1RolesCache = new WeakMap<StaticInput, Map<string, StackResource[]>>();

export function findC1Roles(input: StaticInput, options: TrustCheckOptions = {}): StackResource[] {
  const key = `${options.c1PrincipalArn ?? ''}|${options.roleName ?? ''}`;
  let byKey = c1RolesCache.get(input);
  if (!byKey) c1RolesCache.set(input, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const found = findC1RolesUncached(input, options);
  byKey.set(key, found);
  return found;
}

function findC1RolesUncached(input: StaticInput, options: TrustCheckOptions): StackResource[] {
  const principal = options.c1PrincipalArn ?? C1_SERVICE_ROLE_ARN;
  const c1Account = accountOf(principal);
  return ofType(input, 'aws_iam_role').filter((role) => {
    if (options.roleName) return role.values.name === options.roleName || role.address === options.roleName || role.address.endsWith(`/${options.roleName}`);
    const raw = typeof role.values.assume_role_policy === 'string' ? role.values.assume_role_policy : JSON.stringify(role.values.assume_role_policy ?? '');
    if (raw.includes(c1Account) || raw.includes(KEY_EXTERNAL_ID)) return true;
    return rolePolicies(input, role).some((p) => p.parsed.ok && JSON.stringify(p.parsed.document).toLowerCase().includes('ses:send'));
  });
}

function decide(doc: PolicyDocument, roleArn: string, caller: string, externalId: string | undefined): string {
  const context: Record<string, string> = { 'aws:PrincipalArn': caller.replace(/^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.*$/, 'arn:aws:iam::$1:role/$2'), 'aws:PrincipalAccount': accountOf(caller) };
  if (externalId !== undefined) context[KEY_EXTERNAL_ID] = externalId;
  const r = evaluatePolicies({
    request: {
      principal: caller,
      principalAccount: accountOf(caller),
      principalRoleArn: context['aws:PrincipalArn'],
      action: 'sts:AssumeRole',
      resource: roleArn,
      context,
    },
    resourcePolicy: doc,
    mode: 'resource',
  });
  return r.decision;
}

/** Findings for one trust document (shared with the live role check, which reads the deployed trust). */
export function checkTrustDocument(sink: FindingSink, doc: PolicyDocument, roleArn: string, address: string, options: TrustCheckOptions, memo?: TrustDecisionMemo, raw?: string): void {
  const principal = options.c1PrincipalArn ?? C1_SERVICE_ROLE_ARN;
  const grants = doc.Statement.filter((s) => s.Effect === 'Allow' && grantsAssumeRole(s));
  if (grants.length === 0) {
    sink.error('TRUST_NO_ASSUME_ROLE', 'the trust policy has no Allow statement for sts:AssumeRole, so C1 cannot assume the role', `allow sts:AssumeRole for ${principal} with StringEquals sts:ExternalId`, address);
    return;
  }
  const trustedIds = new Set<string>();
  /** Values that a pattern (StringLike) accepts, to probe it with. */
  const patternIds = new Set<string>();
  for (const s of grants) {
    if (s.NotPrincipal !== undefined) sink.error('TRUST_WILDCARD_PRINCIPAL', 'an Allow statement uses NotPrincipal, which trusts every principal except those listed', `replace NotPrincipal with Principal {"AWS": "${principal}"}`, address);
    const p = s.Principal;
    if (p === '*') sink.error('TRUST_WILDCARD_PRINCIPAL', 'Principal is "*": every AWS principal may try to assume the role', `use Principal {"AWS": "${principal}"}`, address);
    const named: string[] = [];
    if (p !== undefined && p !== '*') {
      for (const [kind, v] of Object.entries(p)) {
        for (const one of asList(v)) {
          if (kind !== 'AWS') sink.error('TRUST_EXTRA_PRINCIPAL', `the trust also allows the ${kind} principal ${one}`, `trust only {"AWS": "${principal}"}; put other callers on a different role`, address);
          else named.push(one);
        }
      }
    }
    for (const one of named) {
      if (one === principal) continue;
      if (one === '*' || one.includes('*')) sink.error('TRUST_WILDCARD_PRINCIPAL', `the principal ${one} is a wildcard`, `use exactly ${principal}`, address);
      else if (isUnresolved(one)) {
        if (named.includes(principal)) sink.error('TRUST_PRINCIPAL_UNRESOLVED', `besides C1, the trust also allows ${one}, a reference whose value is known only after apply: it may be any principal`, `remove ${one}; trust exactly ${principal}`, address);
        else sink.warn('TRUST_PRINCIPAL_UNRESOLVED', `the principal ${one} is a reference that cannot be compared before apply`, `use the literal ${principal}`, address);
      }
      else if (named.includes(principal)) sink.error('TRUST_EXTRA_PRINCIPAL', `besides C1, the trust also allows ${one}`, `remove ${one}; trust exactly ${principal}`, address);
      else sink.error('TRUST_PRINCIPAL_MISMATCH', `the trusted principal is ${one}, not C1's ${principal}${/^\d{12}$|:root$/.test(one) ? ' (an account principal trusts every role in that account)' : ''}`, `use exactly ${principal}`, address);
    }
    const like = Object.keys(s.Condition ?? {}).filter((op) => /like/i.test(op));
    if (like.length > 0) sink.error('TRUST_STRING_LIKE', `the trust uses ${like.join(', ')}, which matches patterns rather than the exact External ID`, 'use StringEquals for sts:ExternalId and remove pattern conditions', address);
    const eq = conditionValues(s, /^StringEquals$/, KEY_EXTERNAL_ID);
    const loose = conditionValues(s, /./, KEY_EXTERNAL_ID).filter((c) => c.op !== 'StringEquals' && !/like/i.test(c.op));
    for (const c of conditionValues(s, /like/i, KEY_EXTERNAL_ID)) for (const v of c.values) patternIds.add(v.replace(/[*?]/g, 'x'));
    for (const c of loose) sink.error('TRUST_EXTERNAL_ID_WEAK', `sts:ExternalId is tested with ${c.op}, not StringEquals`, 'use "StringEquals": {"sts:ExternalId": "<the tenant External ID>"}', address);
    if (eq.length === 0) {
      sink.error('TRUST_EXTERNAL_ID_MISSING', 'the trust does not require StringEquals sts:ExternalId: anyone who can act as C1 for another tenant could assume it (confused deputy)', 'add "Condition": {"StringEquals": {"sts:ExternalId": "<your tenant External ID from C1>"}}', address);
      continue;
    }
    const values = eq.flatMap((c) => c.values);
    for (const v of values) trustedIds.add(v);
    if (values.length > 1) sink.error('TRUST_EXTERNAL_ID_MULTIPLE', `the trust accepts ${values.length} External IDs`, 'keep only the External ID of this tenant (one role per C1 tenant)', address);
    if (options.externalId !== undefined) {
      for (const v of values) {
        if (isUnresolved(v)) sink.info('TRUST_EXTERNAL_ID_UNRESOLVED', `the External ID is the reference ${v}; it is compared only after apply (validate --live)`, 'run validate --live after apply', address);
        else if (v !== options.externalId) sink.error('TRUST_EXTERNAL_ID_MISMATCH', `the trust's External ID ${redact(v)} is not the expected ${redact(options.externalId)}`, 'copy the External ID from C1 (Settings > Email provider) into the construct/module input', address);
      }
    }
  }

  // Decided with the shared evaluator.
  const ext = [...trustedIds][0] ?? [...patternIds][0] ?? options.externalId ?? 'c1-validate-probe-id';
  let decided: readonly EvaluatorFinding[];
  if (memo && trustedIds.has(ext)) {
    // Trusts that differ only in their External ID decide alike: memoized on the document with that ID abstracted
    // (keyed on the raw text when the ID occurs in it exactly once: then it is that condition value).
    const hasResource = doc.Statement.some((st) => st.Resource !== undefined || st.NotResource !== undefined);
    const parts = raw !== undefined && ext.length >= 2 ? raw.split(ext) : [];
    const key = `${principal}|${hasResource ? roleArn : ''}|${parts.length === 2 ? `raw:${parts[0]}${EXT_PLACEHOLDER}${parts[1]}` : `doc:${JSON.stringify(withValue(doc, ext, EXT_PLACEHOLDER))}`}`;
    const hit = memo.get(key);
    decided = hit ?? evaluatorFindings(withValue(doc, ext, EXT_PLACEHOLDER), roleArn, principal, EXT_PLACEHOLDER);
    if (!hit) memo.set(key, decided);
  } else decided = evaluatorFindings(doc, roleArn, principal, ext);
  for (const f of decided) sink.error(f.code, f.message, f.fix, address);
}

interface EvaluatorFinding {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/** Memo for `checkTrustDocument` across many roles of one run. */
export type TrustDecisionMemo = Map<string, readonly EvaluatorFinding[]>;

const EXT_PLACEHOLDER = '\u0000external-id';

/** The document with every condition value equal to `from` replaced by `to`. */
function withValue(doc: PolicyDocument, from: string, to: string): PolicyDocument {
  return {
    ...doc,
    Statement: doc.Statement.map((st) =>
      st.Condition === undefined
        ? st
        : {
            ...st,
            Condition: Object.fromEntries(
              Object.entries(st.Condition).map(([op, block]) => [op, Object.fromEntries(Object.entries(block).map(([k, v]) => [k, Array.isArray(v) ? (v as string[]).map((x) => (x === from ? to : x)) : v === from ? to : v]))]),
            ),
          },
    ),
  };
}

/** C1 with / without / with a wrong External ID, and other principals, decided by the evaluator. */
function evaluatorFindings(doc: PolicyDocument, roleArn: string, principal: string, ext: string): EvaluatorFinding[] {
  const out: EvaluatorFinding[] = [];
  const c1Session = sessionArnOf(principal, 'c1-email');
  const withId = decide(doc, roleArn, c1Session, ext);
  if (withId !== 'Allow') out.push({ code: 'TRUST_C1_DENIED', message: `C1 (${principal}) with the External ID would be refused (${withId}): saving the email provider in C1 fails`, fix: `allow sts:AssumeRole for ${principal} with StringEquals sts:ExternalId = the tenant's External ID` });
  if (decide(doc, roleArn, c1Session, undefined) === 'Allow') out.push({ code: 'TRUST_ALLOWS_WITHOUT_EXTERNAL_ID', message: 'C1 would be allowed WITHOUT an External ID (confused-deputy protection missing)', fix: 'add StringEquals sts:ExternalId to every Allow statement' });
  if (decide(doc, roleArn, c1Session, `${ext}-wrong`) === 'Allow') out.push({ code: 'TRUST_ALLOWS_WRONG_EXTERNAL_ID', message: 'C1 would be allowed with a WRONG External ID', fix: 'use StringEquals with exactly the tenant External ID (no patterns)' });
  for (const other of ['arn:aws:sts::111122223333:assumed-role/SomeoneElse/s', sessionArnOf(`arn:aws:iam::${accountOf(principal)}:role/AnotherRoleInC1Account`, 's')]) {
    if (decide(doc, roleArn, other, ext) === 'Allow') {
      out.push({ code: 'TRUST_ALLOWS_OTHER_PRINCIPAL', message: `a principal other than C1 (${other.split(':').slice(4).join(':')}) would be allowed with the External ID`, fix: `trust exactly ${principal}` });
      break;
    }
  }
  return out;
}

export function trustCheck(input: StaticInput, options: TrustCheckOptions = {}): Check {
  return {
    id: TRUST_CHECK_ID,
    title: 'Trust policy of the role C1 assumes',
    run(): CheckOutcome {
      const roles = findC1Roles(input, options);
      const sink = new FindingSink(TRUST_CHECK_ID);
      if (roles.length === 0) {
        if (options.roleName) {
          sink.error('TRUST_ROLE_NOT_FOUND', `no aws_iam_role named ${options.roleName} in ${input.source}`, 'pass the role name the stack creates (default c1-ses-sender)');
          return { findings: sink.findings };
        }
        throw new SkipCheck('no role for C1 in this input');
      }
      let checked = 0;
      const memo = new Map<string, readonly Finding[]>();
      const decisions: TrustDecisionMemo = new Map();
      for (const role of roles) {
        const raw = role.values.assume_role_policy;
        const doc = policyToCheck(sink, parsePolicy(raw), role.address, 'trust policy', 'TRUST_NOT_READABLE');
        if (!doc) continue;
        checked++;
        const name = typeof role.values.name === 'string' && !isUnresolved(role.values.name) ? role.values.name : role.name;
        const arn = typeof role.values.arn === 'string' && !isUnresolved(role.values.arn) ? role.values.arn : `arn:aws:iam::123456789012:role/${name}`;
        // The same trust text gives the same findings for every role when no statement names a Resource (the role ARN then plays no part).
        const reusable = typeof raw === 'string' && doc.Statement.every((st) => st.Resource === undefined && st.NotResource === undefined);
        const cached = reusable ? memo.get(raw) : undefined;
        if (cached) {
          for (const f of cached) sink.add(f.code, f.severity, f.message, f.fix, role.address);
          continue;
        }
        const one = new FindingSink(TRUST_CHECK_ID);
        checkTrustDocument(one, doc, arn, role.address, options, decisions, typeof raw === 'string' ? raw : undefined);
        if (reusable) memo.set(raw, one.findings);
        for (const f of one.findings) sink.add(f.code, f.severity, f.message, f.fix, role.address);
      }
      if (checked === 0) return outcome(sink, 'no trust could be checked', `${roles.length} role(s) for C1, none checkable`);
      return outcome(sink, `${checked} role(s): C1 allowed with the External ID; denied without it, with a wrong one, and for others`, `${roles.length} role(s) for C1`);
    },
  };
}
