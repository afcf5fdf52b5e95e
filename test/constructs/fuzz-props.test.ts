/**
 * Every prop of every construct, set to each of a pool of hostile values: the construct either refuses it
 * with a ConstructValidationError (code, path, prop, fix) — never a TypeError or another crash — or builds
 * a stack that is still safe (the trust keeps C1's principal and the External ID condition; no literal
 * `${`/`%{` reaches Terraform; the token policy keeps its audience condition).
 */
import { Testing } from 'cdktf';
import { ConstructValidationError, OutboundFederation, SesSender, SesSenderProps, WebIdentityTokenAccess, WebIdentityTokenAccessProps } from '../../src/constructs';
import { C1_SERVICE_ROLE_ARN } from '../../src/policy/constants';
import { Json, newStack, synth } from './synth';

const HOSTILE: readonly unknown[] = [
  undefined, null, '', ' ', '\t', 0, -1, 1e308, Number.NaN, true, false, [], [''], {}, { a: 1 },
  '${var.x}', '%{if true}x%{endif}', 'a\r\nb', 'ünïcødé', '*', 'x'.repeat(5000), ['a', 'a'], () => 1,
];

const EXTERNAL_ID = 'tenant-a-external-id-0123456789';
const SES: SesSenderProps = { externalId: EXTERNAL_ID, region: 'us-east-1', domain: 'example.com', senderAddress: 'governance@example.com' };
const SES_KEYS = ['externalId', 'region', 'domain', 'emailAddress', 'senderAddress', 'senderName', 'replyToAddress', 'hostedZoneId', 'manageDnsRecords',
  'dkimTarget', 'recordTtl', 'mailFromSubdomain', 'mailFromBehaviorOnMxFailure', 'mailFromSpfQualifier', 'dmarc', 'configurationSet', 'roleName', 'rolePath',
  'permissionsBoundaryArn', 'maxSessionDurationSeconds', 'tags', 'sendPolicyName', 'pinFromAddress', 'allowAllResources', 'c1PrincipalArn', 'namePrefix'];
const TOKEN: WebIdentityTokenAccessProps = { roleNames: ['DeployRole'], clientId: 'calm-wolf-40291@yourcompany.conductor.one/wfe', accountId: '123456789012' };
const TOKEN_KEYS = ['roleNames', 'clientId', 'audiences', 'accountId', 'rolePath', 'maxDurationSeconds', 'signingAlgorithm', 'allowRequestTags', 'policyName',
  'orgId', 'principalTags', 'namePrefix'];
const FED_KEYS = ['mode', 'preventDestroy', 'providerVersionConstraint', 'namePrefix'];

const nested = (key: string, v: unknown): unknown[] =>
  key === 'dmarc' ? [{ policy: v }, { reportAddresses: v }, { reportAddresses: [v] }]
    : key === 'configurationSet' ? [{ name: v }, { name: 'c1-mail', create: v }]
      : key === 'tags' ? [{ team: v }, { [String(v)]: 'x' }]
        : key === 'roleNames' || key === 'audiences' ? [[v]] : [];

/** A literal "${" or "%{" anywhere in the synthesized JSON that is not a Terraform reference cdktf wrote. */
function literalTemplates(tf: Json): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('%{')) found.push(v);
      if (v.includes('${var.x}')) found.push(v);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(tf);
  return found;
}

function attempt(build: () => void, check: (tf: Json) => void, stack: Parameters<typeof synth>[0], label: string): void {
  try {
    build();
  } catch (e) {
    if (!(e instanceof ConstructValidationError)) throw new Error(`${label}: crashed with ${String(e)}`);
    expect([label, e.code]).toEqual([label, expect.stringMatching(/^C1AWS_[A-Z0-9_]+$/)]);
    expect([label, (e.fix ?? '').length > 5, e.prop.length > 0]).toEqual([label, true, true]);
    expect(e.message).not.toContain(EXTERNAL_ID);
    return;
  }
  const tf = synth(stack);
  expect([label, literalTemplates(tf)]).toEqual([label, []]);
  check(tf);
}

describe('fuzzed props: refused with a ConstructValidationError, or still safe', () => {
  it.each(SES_KEYS)('SesSender.%s', (key) => {
    for (const v of HOSTILE) {
      for (const value of [v, ...nested(key, v)]) {
        const { stack } = newStack(Testing.app());
        attempt(() => new SesSender(stack, 'ses', { ...SES, [key]: value } as SesSenderProps), (tf) => {
          const trust = JSON.parse((Object.values(tf.resource.aws_iam_role as Json)[0] as Json).assume_role_policy as string) as Json;
          const st = trust.Statement[0];
          expect(st.Principal.AWS === C1_SERVICE_ROLE_ARN || /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(st.Principal.AWS)).toBe(true);
          expect(st.Condition.StringEquals['sts:ExternalId']).toBe(EXTERNAL_ID);
        }, stack, `${key}=${String(JSON.stringify(value)).slice(0, 40)}`);
      }
    }
  });

  it.each(TOKEN_KEYS)('WebIdentityTokenAccess.%s', (key) => {
    for (const v of HOSTILE) {
      for (const value of [v, ...nested(key, v)]) {
        const { stack } = newStack(Testing.app());
        attempt(() => new WebIdentityTokenAccess(stack, 'token', { ...TOKEN, [key]: value } as WebIdentityTokenAccessProps), (tf) => {
          for (const p of Object.values(tf.resource.aws_iam_role_policy as Json)) {
            const cond = JSON.parse((p as Json).policy as string).Statement[0].Condition as Json;
            const aud = cond['ForAllValues:StringEquals']['sts:IdentityTokenAudience'] as string[];
            expect(aud.length).toBeGreaterThan(0);
            expect(aud.every((a) => /^[a-z0-9.-]+$/.test(a))).toBe(true);
            expect(cond.Null).toEqual({ 'sts:IdentityTokenAudience': 'false' });
          }
        }, stack, `${key}=${String(JSON.stringify(value)).slice(0, 40)}`);
      }
    }
  });

  it.each(FED_KEYS)('OutboundFederation.%s', (key) => {
    for (const value of HOSTILE) {
      const { stack } = newStack(Testing.app());
      attempt(() => new OutboundFederation(stack, 'federation', { [key]: value }), (tf) => {
        expect(String(tf.terraform.required_providers.aws.version)).toMatch(/6\.2[6-9]|6\.[3-9]\d|>= ?[7-9]/);
      }, stack, `${key}=${String(JSON.stringify(value)).slice(0, 40)}`);
    }
  });
});
