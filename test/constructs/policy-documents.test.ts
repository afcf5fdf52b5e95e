/**
 * The document builders (src/policy/documents.ts) refuse to build an unsafe document themselves, so no code
 * path (construct, demo, sandbox test) can emit `"Condition":{"StringEquals":{}}` or a wildcard principal.
 */
import { C1AwsError } from '../../src/errors';
import {
  assertConditionsComplete,
  PolicyDocumentError,
  sesSendPolicy,
  sesSenderTrustPolicy,
  webIdentityTokenPolicy,
} from '../../src/policy/documents';
import { PolicyDocument } from '../../src/policy/types';

function refused(fn: () => unknown): PolicyDocumentError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyDocumentError) return e;
    throw new Error(`expected a PolicyDocumentError, got ${String(e)}`);
  }
  throw new Error('expected a PolicyDocumentError, a document was built');
}

const as = <T>(v: unknown): T => v as T;

describe('sesSenderTrustPolicy', () => {
  it.each([undefined, null, '', '   ', 42, {}, []])('refuses External ID %j (the condition would be empty)', (externalId) => {
    const e = refused(() => sesSenderTrustPolicy({ externalId: as<string>(externalId) }));
    expect([e.code, e.input]).toEqual(['C1AWS_POLICY_CONDITION_EMPTY', 'externalId']);
    expect(e).toBeInstanceOf(C1AwsError);
    expect(e.fix).toContain('External ID');
  });

  it.each(['', '*', 'arn:aws:iam::*:role/ConductorOneService', 'arn:aws:iam::765656841499:role/*', 'arn:aws:iam::765656841499:role/Conductor?neService'])(
    'refuses principal %j (empty or wildcard)',
    (c1PrincipalArn) => {
      const e = refused(() => sesSenderTrustPolicy({ externalId: 'tenant-id-42', c1PrincipalArn }));
      expect([e.code, e.input]).toEqual(['C1AWS_POLICY_PRINCIPAL_INVALID', 'c1PrincipalArn']);
    },
  );

  it('builds the one safe statement otherwise (cdktf tokens are not parsed)', () => {
    const doc = sesSenderTrustPolicy({ externalId: '${TfToken[TOKEN.1]}' });
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': '${TfToken[TOKEN.1]}' } });
  });
});

describe('sesSendPolicy', () => {
  it('refuses no resource at all, and an empty ARN', () => {
    expect(refused(() => sesSendPolicy({ identityArns: [] })).code).toBe('C1AWS_POLICY_RESOURCE_EMPTY');
    expect(refused(() => sesSendPolicy({ identityArns: [''] })).code).toBe('C1AWS_POLICY_RESOURCE_EMPTY');
    expect(refused(() => sesSendPolicy({ identityArns: as<string[]>(undefined) })).code).toBe('C1AWS_POLICY_RESOURCE_EMPTY');
  });

  it('refuses an empty ses:FromAddress pin instead of writing an empty condition', () => {
    expect(refused(() => sesSendPolicy({ identityArns: ['arn:aws:ses:us-east-1:1:identity/x'], fromAddresses: [] })).code).toBe('C1AWS_POLICY_CONDITION_EMPTY');
    expect(refused(() => sesSendPolicy({ identityArns: ['arn:aws:ses:us-east-1:1:identity/x'], fromAddresses: [''] })).code).toBe('C1AWS_POLICY_CONDITION_EMPTY');
  });

  it('Resource "*" only on the explicit opt-in', () => {
    expect(sesSendPolicy({ identityArns: [], allowAllResources: true }).Statement[0].Resource).toEqual(['*']);
  });
});

describe('webIdentityTokenPolicy', () => {
  it.each([[[]], [['']], [undefined], ['yourcompany.conductor.one']])('refuses audiences %j', (audiences) => {
    const e = refused(() => webIdentityTokenPolicy({ audiences: as<string[]>(audiences) }));
    expect(e.code).toBe('C1AWS_POLICY_CONDITION_EMPTY');
  });
});

describe('assertConditionsComplete', () => {
  const doc = (condition: unknown): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Condition: as<PolicyDocument['Statement'][0]['Condition']>(condition) }] });

  it.each([
    ['an empty Condition', {}],
    ['an empty operator', { StringEquals: {} }],
    ['an undefined value', { StringEquals: { 'sts:ExternalId': undefined } }],
    ['an empty string', { StringEquals: { 'sts:ExternalId': '' } }],
    ['an empty list', { StringEquals: { 'sts:ExternalId': [] } }],
    ['NaN', { NumericLessThanEquals: { 'sts:DurationSeconds': Number.NaN } }],
  ])('refuses %s', (_what, condition) => {
    expect(refused(() => assertConditionsComplete(doc(condition))).code).toBe('C1AWS_POLICY_CONDITION_EMPTY');
  });

  it('accepts complete conditions', () => {
    expect(() => assertConditionsComplete(doc({ StringEquals: { 'sts:ExternalId': 'x-42' }, Bool: { 'aws:SecureTransport': true } }))).not.toThrow();
  });
});
