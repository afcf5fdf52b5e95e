/**
 * Static check of what the C1 role may do: only ses:SendEmail/ses:SendRawEmail, on the identity and
 * on the configuration set in use (a send through a configuration set is authorized against it too).
 */
import { PolicyStatement, asList } from '../../policy/types';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { StackResource, StaticInput } from './inputs';
import { actionsOf, ofType, rolePolicies } from './model';
import { policyToCheck } from './policy-findings';
import { TrustCheckOptions, findC1Roles } from './trust';

export const SEND_CHECK_ID = 'send-policy';

export interface SendPolicyCheckOptions extends TrustCheckOptions {
  /** Configuration set C1 sends through (also taken from the stack's configuration sets). */
  readonly configurationSet?: string;
}

const ALLOWED = new Set(['ses:sendemail', 'ses:sendrawemail']);

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(value);
}

/** Does a policy Resource entry cover the SES resource `kind/name` (or reference the construct)? */
function covers(entry: string, target: StackResource | undefined, kind: 'identity' | 'configuration-set', name: string): boolean {
  if (entry === '*') return true;
  // `${aws_x.y.arn}`, or `${aws_x.y[0].arn}` when the resource is counted.
  if (target && /\$\{/.test(entry) && (entry.includes(`${target.type}.${target.name}.`) || entry.includes(`${target.type}.${target.name}[`))) return true;
  // An expression only Terraform evaluates (a conditional, a function) that builds this kind of ARN: taken as covering it.
  if (/^\$\{/.test(entry) && !/^\$\{[\w.[\]-]+\}$/.test(entry) && entry.includes(`:${kind}/`)) return true;
  // An ARN built with interpolations (`arn:${data.aws_partition.p.partition}:ses:<region>:${...account_id}:configuration-set/x`):
  // each `${...}` matches like a wildcard in its segment.
  const arn = entry.replace(/\$\{[^}]*\}/g, '*');
  if (/^arn:/.test(arn) && arn.split(':').length >= 6) return glob(arn.split(':').slice(5).join(':'), `${kind}/${name}`);
  return false;
}

function nameOf(r: StackResource, key: string): string {
  const v = r.values[key];
  return typeof v === 'string' ? v : r.name;
}

export function sendPolicyCheck(input: StaticInput, options: SendPolicyCheckOptions = {}): Check {
  return {
    id: SEND_CHECK_ID,
    title: 'Send policy of the role C1 assumes',
    run(): CheckOutcome {
      const roles = findC1Roles(input, options);
      if (roles.length === 0) throw new SkipCheck('no role for C1 in this input');
      const sink = new FindingSink(SEND_CHECK_ID);
      const identities = [...ofType(input, 'aws_sesv2_email_identity'), ...ofType(input, 'aws_ses_domain_identity'), ...ofType(input, 'aws_ses_email_identity')];
      const configSets = ofType(input, 'aws_sesv2_configuration_set').filter((c) => c.count > 0);
      let checkedRoles = 0;
      for (const role of roles) {
        const policies = rolePolicies(input, role);
        if (policies.length === 0 && input.kind === 'plan' && [...ofType(input, 'aws_iam_role_policy'), ...ofType(input, 'aws_iam_role_policy_attachment')].some((p) => p.stack === role.stack && p.values.role === '${known after apply}')) {
          sink.warn('POLICY_UNKNOWN_UNTIL_APPLY', 'which policies attach to the role is not checkable before apply: their role is known only after apply (the plan JSON has no configuration references to link them)', 'pass the full `terraform show -json plan.out` output, or check the deployed role with `c1-aws validate --live` after apply', role.address);
          continue;
        }
        if (policies.length === 0) {
          sink.error('SEND_POLICY_MISSING', 'the role has no policy allowing ses:SendEmail: C1 can assume it but every send is denied', 'attach an aws_iam_role_policy allowing ses:SendEmail and ses:SendRawEmail on the identity (and configuration set) ARNs', role.address);
          continue;
        }
        const allows: PolicyStatement[] = [];
        let readable = 0;
        for (const p of policies) {
          const doc = policyToCheck(sink, p.parsed, p.address, 'send policy', 'SEND_POLICY_NOT_READABLE');
          if (!doc) continue;
          readable++;
          for (const s of doc.Statement) {
            if (s.Effect !== 'Allow') continue;
            allows.push(s);
            if (s.NotAction !== undefined) sink.error('SEND_ACTION_EXTRA', 'an Allow statement uses NotAction, which grants every other action', 'list exactly ses:SendEmail and ses:SendRawEmail in Action', p.address);
            const extra = actionsOf(s).filter((a) => !ALLOWED.has(a));
            if (extra.length > 0) sink.error('SEND_ACTION_EXTRA', `the role may also do ${extra.join(', ')}`, 'allow only ses:SendEmail and ses:SendRawEmail', p.address);
            if (asList(s.Resource).includes('*')) sink.warn('SEND_RESOURCE_WILDCARD', 'Resource is "*": the role may send as any identity in the account', 'scope Resource to the identity ARN and the configuration set ARN', p.address);
            if (s.NotResource !== undefined) sink.error('SEND_RESOURCE_WILDCARD', 'an Allow statement uses NotResource, which covers every other resource', 'list the identity and configuration set ARNs in Resource', p.address);
          }
        }
        const granted = new Set(allows.flatMap(actionsOf));
        const hasPolicyText = readable > 0;
        if (hasPolicyText) checkedRoles++;
        if (hasPolicyText && !granted.has('ses:sendemail') && !granted.has('*') && !granted.has('ses:*')) {
          sink.error('SEND_ACTION_MISSING', 'no statement allows ses:SendEmail: every send from C1 is denied', 'allow ses:SendEmail and ses:SendRawEmail', role.address);
        } else if (hasPolicyText && !granted.has('ses:sendrawemail') && !granted.has('*') && !granted.has('ses:*')) {
          sink.warn('SEND_ACTION_MISSING', 'ses:SendRawEmail is not allowed (raw sends, e.g. with attachments, are denied)', 'allow ses:SendRawEmail as well', role.address);
        }
        if (!hasPolicyText) continue;
        const sendResources = allows.filter((s) => actionsOf(s).some((a) => ALLOWED.has(a) || a === '*' || a === 'ses:*')).flatMap((s) => asList(s.Resource));
        for (const id of identities) {
          const n = nameOf(id, id.type === 'aws_ses_domain_identity' ? 'domain' : id.type === 'aws_ses_email_identity' ? 'email' : 'email_identity');
          if (!sendResources.some((e) => covers(e, id, 'identity', n))) {
            sink.error('SEND_IDENTITY_NOT_COVERED', `the send policy does not cover the identity ${n}: sends as it are denied`, `add the identity ARN (\${${id.type}.${id.name}.arn}) to Resource`, role.address);
          }
        }
        const sets = configSets.map((c) => ({ r: c as StackResource | undefined, n: nameOf(c, 'configuration_set_name') }));
        if (options.configurationSet && !sets.some((s) => s.n === options.configurationSet)) sets.push({ r: undefined, n: options.configurationSet });
        for (const cs of sets) {
          if (!sendResources.some((e) => covers(e, cs.r, 'configuration-set', cs.n))) {
            sink.error('SEND_CONFIG_SET_NOT_COVERED', `the send policy does not cover the configuration set ${cs.n}: a send through it is authorized against its ARN too, so C1's sends are denied`, `add the configuration set ARN (arn:aws:ses:<region>:<account>:configuration-set/${cs.n}) to Resource`, role.address);
          }
        }
      }
      return outcome(sink, `${checkedRoles} role(s): only ses:SendEmail/ses:SendRawEmail, covering ${identities.length} identit${identities.length === 1 ? 'y' : 'ies'} and ${configSets.length + (options.configurationSet && !configSets.some((c) => nameOf(c, 'configuration_set_name') === options.configurationSet) ? 1 : 0)} configuration set(s)`, `${roles.length} role(s) for C1`);
    },
  };
}
