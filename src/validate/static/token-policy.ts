/**
 * Static check of workload policies granting sts:GetWebIdentityToken: the audience key that AWS
 * actually evaluates, ForAllValues + the Null guard, a duration cap, a known signing algorithm, and
 * the account-wide federation switch kept out of per-workload stacks.
 */
import {
  GET_WEB_IDENTITY_TOKEN,
  KEY_DURATION_SECONDS,
  KEY_IDENTITY_TOKEN_AUDIENCE,
  KEY_SIGNING_ALGORITHM,
  SIGNING_ALGORITHMS,
  SigningAlgorithm,
  TOKEN_DURATION_MAX,
  TOKEN_DURATION_MIN,
} from '../../policy/constants';
import { evaluatePolicies } from '../../policy/evaluate';
import { PolicyDocument, PolicyStatement, asList } from '../../policy/types';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { StackResource, StaticInput } from './inputs';
import { UNKNOWN_AFTER_APPLY, actionsOf, parsePolicy, rolePolicies } from './model';
import { policyToCheck } from './policy-findings';
import { findC1Roles } from './trust';

export const TOKEN_CHECK_ID = 'token-policy';
export const FEDERATION_SWITCH_TYPE = 'aws_iam_outbound_web_identity_federation';

function grantsToken(s: PolicyStatement): boolean {
  return s.Effect === 'Allow' && (s.Action !== undefined ? actionsOf(s).some((a) => /^(sts:getwebidentitytoken|sts:\*|\*|sts:get\*|sts:getweb\*)$/.test(a)) : s.NotAction !== undefined);
}

interface Cond {
  readonly op: string;
  readonly values: string[];
}

function conds(s: PolicyStatement, key: string): Cond[] {
  const out: Cond[] = [];
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) out.push({ op, values: asList(v as string | string[]).map(String) });
  }
  return out;
}

/** Policies (inline or managed) in the input, with their address. */
function policyResources(input: StaticInput): { res: StackResource; policy: unknown; address: string }[] {
  const out: { res: StackResource; policy: unknown; address: string }[] = [];
  for (const r of input.resources) {
    if (r.type === 'aws_iam_role_policy' || r.type === 'aws_iam_policy' || r.type === 'aws_iam_user_policy' || r.type === 'aws_iam_group_policy') out.push({ res: r, policy: r.values.policy, address: r.address });
    if (r.type === 'aws_iam_role') for (const ip of asList(r.values.inline_policy as unknown[] | undefined)) if (ip && typeof ip === 'object') out.push({ res: r, policy: (ip as { policy?: unknown }).policy, address: `${r.address}.inline_policy` });
  }
  return out;
}

export interface TokenPolicyCheckOptions {
  /** The tenant's audience (the host of `--client-id`); default: the literal audiences the policies name. */
  readonly audiences?: readonly string[];
  /** The algorithm the workloads ask for (`--algorithm`); default: whichever the policy allows. */
  readonly signingAlgorithm?: SigningAlgorithm;
}

/** An audience no tenant has: a request for it must be denied. */
export const OUTSIDE_AUDIENCE = 'not-the-tenant.c1-validate.invalid';
const PROBE_DURATION = TOKEN_DURATION_MIN;

interface Probe {
  readonly audiences?: readonly string[];
  readonly duration: number;
  readonly algorithm: string;
}

type Cause = 'audience' | 'sts:Audience' | 'duration' | 'algorithm' | 'other';

/** Decide one GetWebIdentityToken request against one policy with the shared evaluator. */
function decide(doc: PolicyDocument, p: Probe): { allowed: boolean; causes: Cause[]; notes: readonly string[] } {
  const context: Record<string, string | string[] | number> = { [KEY_DURATION_SECONDS]: p.duration, [KEY_SIGNING_ALGORITHM]: p.algorithm };
  if (p.audiences) context[KEY_IDENTITY_TOKEN_AUDIENCE] = [...p.audiences];
  const r = evaluatePolicies({
    request: { principal: 'arn:aws:sts::123456789012:assumed-role/workload/c1-validate', principalAccount: '123456789012', principalRoleArn: 'arn:aws:iam::123456789012:role/workload', action: GET_WEB_IDENTITY_TOKEN, resource: '*', context },
    identityPolicies: [{ name: 'policy', document: doc }],
    mode: 'identity',
  });
  const causes = new Set<Cause>();
  for (const n of r.notes) {
    const m = /condition (\S+) (\S+) did not match/.exec(n);
    if (!m) continue;
    const key = m[2].toLowerCase();
    causes.add(key === KEY_IDENTITY_TOKEN_AUDIENCE.toLowerCase() ? 'audience' : key === 'sts:audience' ? 'sts:Audience' : key === KEY_DURATION_SECONDS.toLowerCase() ? 'duration' : key === KEY_SIGNING_ALGORITHM.toLowerCase() ? 'algorithm' : 'other');
  }
  if (r.decision === 'ExplicitDeny') causes.add('other');
  return { allowed: r.decision === 'Allow', causes: [...causes], notes: r.notes };
}

const CAUSE_TEXT: Record<Cause, { what: string; fix: string }> = {
  audience: { what: `the audience condition (${KEY_IDENTITY_TOKEN_AUDIENCE}) does not accept it`, fix: `list the tenant host in "ForAllValues:StringEquals": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": [...]}` },
  'sts:Audience': { what: 'the condition uses sts:Audience, which GetWebIdentityToken never sets', fix: `use ${KEY_IDENTITY_TOKEN_AUDIENCE}` },
  duration: { what: `the duration condition (${KEY_DURATION_SECONDS}) refuses even ${TOKEN_DURATION_MIN} s, the shortest token`, fix: `cap with "NumericLessThanEquals": {"${KEY_DURATION_SECONDS}": "300"} (${TOKEN_DURATION_MIN}–${TOKEN_DURATION_MAX})` },
  algorithm: { what: `the algorithm condition (${KEY_SIGNING_ALGORITHM}) accepts neither ${SIGNING_ALGORITHMS.join(' nor ')}`, fix: `use "StringEquals": {"${KEY_SIGNING_ALGORITHM}": "RS256"}` },
  other: { what: 'another condition or an explicit Deny refuses it', fix: 'remove the condition or Deny that blocks the request' },
};

/**
 * Decide, with the policy evaluator, what one token policy really allows: the tenant's audience must be
 * allowed; another audience (alone or added), a request without audience, a duration above the cap and
 * an algorithm other than the one in use must be denied. Returns a fact line for the summary.
 */
export function checkTokenPolicy(sink: FindingSink, doc: PolicyDocument, address: string, options: TokenPolicyCheckOptions = {}): string {
  const grants = doc.Statement.filter(grantsToken);
  const opaque = grants
    .flatMap((s) => [KEY_IDENTITY_TOKEN_AUDIENCE, KEY_DURATION_SECONDS, KEY_SIGNING_ALGORITHM].flatMap((k) => conds(s, k).flatMap((c) => c.values.filter((v) => v.includes('${')).map((v) => `${k} ${v}`))));
  if (opaque.length > 0) {
    sink.warn('TOKEN_POLICY_NOT_READABLE', `the token policy's conditions hold values only Terraform can evaluate (${opaque.join(', ')}): what it allows cannot be decided here`, 'validate the plan instead (`terraform show -json plan.out > plan.json`), where Terraform has resolved them', address);
    return '';
  }
  const audCond = grants.flatMap((s) => conds(s, KEY_IDENTITY_TOKEN_AUDIENCE).filter((c) => !/^Null$/i.test(c.op)));
  const stsAudience = grants.some((s) => conds(s, 'sts:Audience').length > 0);
  if (stsAudience) sink.error('TOKEN_STS_AUDIENCE_KEY', 'the condition uses sts:Audience, which is not a key of sts:GetWebIdentityToken: a positive test on it never matches (and ForAllValues on it matches anything)', `use "ForAllValues:StringEquals": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": ["<tenant>.conductor.one"]} plus "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
  // The tenant's audience: given (--client-id), else the literal audiences the policy itself names.
  const named = audCond.filter((c) => /StringEquals/i.test(c.op) && !/Not/i.test(c.op)).flatMap((c) => c.values).filter((v) => !/[*?]|\$\{/.test(v));
  const tenant = options.audiences && options.audiences.length > 0 ? [...options.audiences] : [...new Set(named)];
  const policyAlgs = grants.flatMap((s) => conds(s, KEY_SIGNING_ALGORITHM)).flatMap((c) => c.values);
  const unknownAlgs = policyAlgs.filter((v) => !(SIGNING_ALGORITHMS as readonly string[]).includes(v) && !/[*?]|\$\{/.test(v));
  if (unknownAlgs.length > 0) sink.error('TOKEN_ALGORITHM_UNKNOWN', `${KEY_SIGNING_ALGORITHM} ${unknownAlgs.join(', ')} is not one STS signs with: that grant never matches`, `use ${SIGNING_ALGORITHMS.join(' or ')}`, address);
  const aud = tenant[0];
  const probeAud = aud ?? OUTSIDE_AUDIENCE;
  // Which algorithms does the tenant's request get?
  const candidates: string[] = options.signingAlgorithm ? [options.signingAlgorithm] : [...SIGNING_ALGORITHMS];
  const allowedAlgs = (SIGNING_ALGORITHMS as readonly string[]).filter((a) => decide(doc, { audiences: [probeAud], duration: PROBE_DURATION, algorithm: a }).allowed);
  const usable = candidates.filter((a) => allowedAlgs.includes(a));
  // The algorithm the remaining probes use: one the policy allows, else the one it names (so the rest is still analysed).
  const alg = usable[0] ?? allowedAlgs[0] ?? unknownAlgs[0] ?? candidates[0];
  const facts: string[] = [];
  if (aud !== undefined) {
    const base = decide(doc, { audiences: tenant, duration: PROBE_DURATION, algorithm: options.signingAlgorithm ?? alg });
    if (!base.allowed && !stsAudience && unknownAlgs.length === 0) {
      const cause = base.causes[0] ?? (grants.length === 0 ? 'other' : 'other');
      const algNote = options.signingAlgorithm && !allowedAlgs.includes(options.signingAlgorithm) && allowedAlgs.length > 0 ? 'algorithm' : cause;
      const c = CAUSE_TEXT[algNote];
      sink.error('TOKEN_TENANT_DENIED', `a token for the tenant's audience ${tenant.join(', ')} (${options.signingAlgorithm ?? alg}, ${PROBE_DURATION} s) is denied: ${algNote === 'algorithm' && options.signingAlgorithm ? `the policy does not allow ${options.signingAlgorithm} (it allows ${allowedAlgs.join(', ')})` : c.what}`, algNote === 'algorithm' && options.signingAlgorithm ? `allow ${options.signingAlgorithm} in ${KEY_SIGNING_ALGORITHM}, or pass --algorithm ${allowedAlgs[0]}` : c.fix, address);
    } else if (base.allowed) facts.push(`tokens for ${tenant.join(', ')}`);
  }
  // Another audience, alone: must be denied.
  const outside = decide(doc, { audiences: [OUTSIDE_AUDIENCE], duration: PROBE_DURATION, algorithm: alg });
  const forAny = audCond.some((c) => /^ForAnyValue:/i.test(c.op));
  let unrestricted = false;
  if (outside.allowed) {
    unrestricted = true;
    const how = audCond.length === 0 ? 'the grant does not restrict the audience' : `the audience condition (${audCond.map((c) => `${c.op} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`).join(', ')}) accepts it`;
    sink.error('TOKEN_AUDIENCE_UNRESTRICTED', `a token for an audience outside the tenant's (${OUTSIDE_AUDIENCE}) is allowed: ${how}; the workload can get tokens for any relying party`, `use "ForAllValues:StringEquals": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": ["${aud ?? '<tenant>.conductor.one'}"]} plus "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
  } else if (aud !== undefined && decide(doc, { audiences: [...tenant, OUTSIDE_AUDIENCE], duration: PROBE_DURATION, algorithm: alg }).allowed) {
    unrestricted = true;
    if (forAny) sink.error('TOKEN_FOR_ANY_VALUE', `ForAnyValue on ${KEY_IDENTITY_TOKEN_AUDIENCE} lets a caller add any extra audience as long as one matches (a request for ${aud} + ${OUTSIDE_AUDIENCE} is allowed)`, `use ForAllValues:StringEquals and "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
    else sink.error('TOKEN_AUDIENCE_NOT_FOR_ALL_VALUES', `a request for ${aud} plus another audience (${OUTSIDE_AUDIENCE}) is allowed: ${audCond.map((c) => c.op).join(', ')} does not require every requested audience to be allowed`, `use ForAllValues:StringEquals with the Null guard`, address);
  }
  // No audience at all: ForAllValues is true on an empty set.
  if (!unrestricted && !stsAudience && decide(doc, { duration: PROBE_DURATION, algorithm: alg }).allowed) {
    sink.warn('TOKEN_NULL_GUARD_MISSING', `a request without audience is allowed: ForAllValues is true on an empty set, and there is no "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, `add "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
  }
  if (!unrestricted && aud !== undefined) facts.push('other audiences denied');
  // Duration: the longest token the policy allows (binary search over 60..3600 with the evaluator).
  const allowsDuration = (d: number): boolean => decide(doc, { audiences: [probeAud], duration: d, algorithm: alg }).allowed;
  if (allowsDuration(PROBE_DURATION) || unknownAlgs.length > 0 || stsAudience) {
    if (allowsDuration(TOKEN_DURATION_MAX) || (!allowsDuration(PROBE_DURATION) && grants.every((s) => conds(s, KEY_DURATION_SECONDS).length === 0))) {
      sink.warn('TOKEN_NO_DURATION_CAP', `tokens of up to ${TOKEN_DURATION_MAX} s (an hour) are allowed: no effective ${KEY_DURATION_SECONDS} cap`, `add "NumericLessThanEquals": {"${KEY_DURATION_SECONDS}": "300"}`, address);
    } else if (allowsDuration(PROBE_DURATION)) {
      let lo = PROBE_DURATION;
      let hi = TOKEN_DURATION_MAX;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (allowsDuration(mid)) lo = mid;
        else hi = mid;
      }
      facts.push(`at most ${lo} s`);
    }
  }
  for (const c of grants.flatMap((s) => conds(s, KEY_DURATION_SECONDS))) {
    for (const v of c.values) {
      const n = Number(v);
      if (!Number.isFinite(n) || n < TOKEN_DURATION_MIN || n > TOKEN_DURATION_MAX) sink.warn('TOKEN_DURATION_OUT_OF_RANGE', `the duration cap ${v} is outside ${TOKEN_DURATION_MIN}–${TOKEN_DURATION_MAX} seconds`, 'use a cap such as 300', address);
    }
  }
  // Another algorithm than the one in use must be denied.
  if (allowedAlgs.length > 1 && !stsAudience && !unrestricted) {
    sink.warn('TOKEN_ALGORITHM_NOT_PINNED', `both ${allowedAlgs.join(' and ')} are allowed: the policy does not pin the signing algorithm`, `add "StringEquals": {"${KEY_SIGNING_ALGORITHM}": "${options.signingAlgorithm ?? 'RS256'}"}`, address);
  } else if (allowedAlgs.length === 1) facts.push(`${allowedAlgs[0]} only`);
  return facts.join(', ');
}

/** Audiences the stack itself declares: outputs holding a `<name>@<host>/wfe` client ID (its host) or named *audience(s)*. */
export function stackAudiences(input: StaticInput): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(input.outputs)) {
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && !x.includes('${'));
    for (const x of values) {
      const m = /^[A-Za-z0-9._~+-]+@([^/\s]+)\/wfe$/.exec(x.trim());
      if (m) out.add(m[1].toLowerCase());
      else if (/audiences?$/i.test(k) && /^[a-z0-9.-]+(:\d+)?$/i.test(x)) out.add(x.toLowerCase());
    }
  }
  return [...out];
}

export function tokenPolicyCheck(input: StaticInput, options: TokenPolicyCheckOptions = {}): Check {
  return {
    id: TOKEN_CHECK_ID,
    title: 'Workload web identity token policies',
    run(): CheckOutcome {
      const sink = new FindingSink(TOKEN_CHECK_ID);
      const stacksWithTokenPolicy = new Set<string>();
      let n = 0;
      const facts = new Set<string>();
      const c1Policies = new Set(findC1Roles(input).flatMap((r) => rolePolicies(input, r).map((p) => p.address)));
      // The tenant's audience: --client-id, else the stack's own (a client ID or audiences output), else what each policy names.
      const own = options.audiences && options.audiences.length > 0 ? options.audiences : stackAudiences(input);
      const policyOptions: TokenPolicyCheckOptions = { ...options, ...(own.length > 0 ? { audiences: own } : {}) };
      for (const p of policyResources(input)) {
        const parsed = parsePolicy(p.policy);
        if (!parsed.ok) {
          // The send check reports the C1 role's own policies; every other unreadable policy is reported here.
          const report = c1Policies.has(p.address) ? false : parsed.kind === 'unknown' ? p.policy === UNKNOWN_AFTER_APPLY : parsed.kind === 'malformed' || typeof p.policy !== 'string' || /GetWebIdentityToken|sts:\*/i.test(p.policy);
          if (report) {
            n++;
            stacksWithTokenPolicy.add(p.res.stack);
            policyToCheck(sink, parsed, p.address, 'token policy', 'TOKEN_POLICY_NOT_READABLE');
          }
          continue;
        }
        if (!parsed.document.Statement.some(grantsToken)) continue;
        n++;
        stacksWithTokenPolicy.add(p.res.stack);
        const doc = policyToCheck(sink, parsed, p.address, 'token policy', 'TOKEN_POLICY_NOT_READABLE');
        if (doc) facts.add(checkTokenPolicy(sink, doc, p.address, policyOptions));
      }
      const switches = input.resources.filter((r) => r.type === FEDERATION_SWITCH_TYPE);
      for (const sw of switches) {
        if (stacksWithTokenPolicy.has(sw.stack)) {
          sink.warn('TOKEN_FEDERATION_SWITCH_IN_WORKLOAD_STACK', 'the account-wide federation switch is in the same stack as per-workload token policies: destroying this workload stack disables outbound federation for the whole account', 'move aws_iam_outbound_web_identity_federation (the OutboundFederation construct) into its own account-level stack, or read it with the data source', sw.address);
        }
      }
      if (n === 0 && switches.length === 0) throw new SkipCheck('no sts:GetWebIdentityToken grant in this input');
      const scope = `${n} token polic${n === 1 ? 'y' : 'ies'}${switches.length > 0 ? `, ${switches.length} federation switch(es)` : ''}`;
      const clean = n === 0 ? `${switches.length} federation switch(es), in a stack without workload policies` : `${scope}: ${[...facts].filter((f) => f !== '').join('; ') || 'checked'}`;
      return outcome(sink, clean, scope);
    },
  };
}
