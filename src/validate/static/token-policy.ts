/**
 * Static check of workload policies granting sts:GetWebIdentityToken: the audience key that AWS
 * actually evaluates, ForAllValues + the Null guard, a duration cap, a known signing algorithm, and
 * the account-wide federation switch kept out of per-workload stacks.
 */
import {
  KEY_DURATION_SECONDS,
  KEY_IDENTITY_TOKEN_AUDIENCE,
  KEY_SIGNING_ALGORITHM,
  SIGNING_ALGORITHMS,
  TOKEN_DURATION_MAX,
  TOKEN_DURATION_MIN,
} from '../../policy/constants';
import { PolicyStatement, asList } from '../../policy/types';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { StackResource, StaticInput } from './inputs';
import { actionsOf, parsePolicy } from './model';

export const TOKEN_CHECK_ID = 'token-policy';
export const FEDERATION_SWITCH_TYPE = 'aws_iam_outbound_web_identity_federation';

function grantsToken(s: PolicyStatement): boolean {
  return s.Effect === 'Allow' && actionsOf(s).some((a) => a === 'sts:getwebidentitytoken' || a === 'sts:*' || a === '*');
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
    if (r.type === 'aws_iam_role') for (const ip of asList(r.values.inline_policy as unknown[] | undefined)) out.push({ res: r, policy: (ip as { policy?: unknown }).policy, address: `${r.address}.inline_policy` });
  }
  return out;
}

export function checkTokenStatement(sink: FindingSink, s: PolicyStatement, address: string): void {
  if (conds(s, 'sts:Audience').length > 0) {
    sink.error('TOKEN_STS_AUDIENCE_KEY', 'the condition uses sts:Audience, which is not a key of sts:GetWebIdentityToken: it never matches, so this grant never applies', `use "ForAllValues:StringEquals": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": ["<tenant>.conductor.one"]} plus "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
  }
  const aud = conds(s, KEY_IDENTITY_TOKEN_AUDIENCE);
  const audMatch = aud.filter((c) => !/^Null$/i.test(c.op));
  if (audMatch.length === 0 && conds(s, 'sts:Audience').length === 0) {
    sink.error('TOKEN_AUDIENCE_UNRESTRICTED', 'the grant does not restrict the audience: the workload can get tokens for any relying party', `add "ForAllValues:StringEquals": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": ["<tenant>.conductor.one"]}`, address);
  }
  for (const c of audMatch) {
    if (/^ForAnyValue:/i.test(c.op)) sink.error('TOKEN_FOR_ANY_VALUE', `${c.op} on ${KEY_IDENTITY_TOKEN_AUDIENCE} lets a caller add any extra audiences as long as one matches`, `use ForAllValues:StringEquals and "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
    else if (!/^ForAllValues:/i.test(c.op)) sink.warn('TOKEN_AUDIENCE_NOT_FOR_ALL_VALUES', `${c.op} on the multi-valued ${KEY_IDENTITY_TOKEN_AUDIENCE} does not require every requested audience to be allowed`, 'use ForAllValues:StringEquals with the Null guard', address);
  }
  const forAll = audMatch.some((c) => /^ForAllValues:/i.test(c.op));
  const guard = aud.some((c) => /^Null$/i.test(c.op) && c.values.every((v) => v === 'false'));
  if (forAll && !guard) sink.warn('TOKEN_NULL_GUARD_MISSING', `ForAllValues is true on an empty set: without "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"} a request without audience matches too`, `add "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"}`, address);
  const dur = conds(s, KEY_DURATION_SECONDS).filter((c) => /^NumericLessThan(Equals)?(IfExists)?$/i.test(c.op));
  if (dur.length === 0) sink.warn('TOKEN_NO_DURATION_CAP', 'no NumericLessThanEquals sts:DurationSeconds: tokens may live up to an hour', `add "NumericLessThanEquals": {"${KEY_DURATION_SECONDS}": "300"}`, address);
  for (const c of dur) {
    for (const v of c.values) {
      const n = Number(v);
      if (!Number.isFinite(n) || n < TOKEN_DURATION_MIN || n > TOKEN_DURATION_MAX) sink.warn('TOKEN_DURATION_OUT_OF_RANGE', `the duration cap ${v} is outside ${TOKEN_DURATION_MIN}–${TOKEN_DURATION_MAX} seconds`, 'use a cap such as 300', address);
    }
  }
  for (const c of conds(s, KEY_SIGNING_ALGORITHM)) {
    const bad = c.values.filter((v) => !(SIGNING_ALGORITHMS as readonly string[]).includes(v));
    if (bad.length > 0) sink.error('TOKEN_ALGORITHM_UNKNOWN', `sts:SigningAlgorithm ${bad.join(', ')} is not one STS signs with: the grant never matches`, `use ${SIGNING_ALGORITHMS.join(' or ')}`, address);
  }
}

export function tokenPolicyCheck(input: StaticInput): Check {
  return {
    id: TOKEN_CHECK_ID,
    title: 'Workload web identity token policies',
    run(): CheckOutcome {
      const sink = new FindingSink(TOKEN_CHECK_ID);
      const stacksWithTokenPolicy = new Set<string>();
      let n = 0;
      for (const p of policyResources(input)) {
        const parsed = parsePolicy(p.policy);
        if (!parsed.ok) {
          if (typeof p.policy === 'string' && /GetWebIdentityToken/i.test(p.policy)) {
            n++;
            stacksWithTokenPolicy.add(p.res.stack);
            sink.warn('TOKEN_POLICY_NOT_READABLE', `${parsed.reason}; it cannot be checked statically`, 'check the plan instead (`terraform show -json plan.out`), or run validate --live after apply', p.address);
          }
          continue;
        }
        for (const s of parsed.document.Statement.filter(grantsToken)) {
          n++;
          stacksWithTokenPolicy.add(p.res.stack);
          checkTokenStatement(sink, s, p.address);
        }
      }
      for (const sw of input.resources.filter((r) => r.type === FEDERATION_SWITCH_TYPE)) {
        if (stacksWithTokenPolicy.has(sw.stack)) {
          sink.warn('TOKEN_FEDERATION_SWITCH_IN_WORKLOAD_STACK', 'the account-wide federation switch is in the same stack as per-workload token policies: destroying this workload stack disables outbound federation for the whole account', 'move aws_iam_outbound_web_identity_federation (the OutboundFederation construct) into its own account-level stack, or read it with the data source', sw.address);
        }
      }
      if (n === 0 && !input.resources.some((r) => r.type === FEDERATION_SWITCH_TYPE)) throw new SkipCheck('no sts:GetWebIdentityToken grant in this input');
      return outcome(sink, `${n} grant(s): audience, Null guard, duration cap and algorithm restricted`);
    },
  };
}
