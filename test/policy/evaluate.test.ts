import { C1_SERVICE_ROLE_ARN } from '../../src/policy/constants';
import { sesSendPolicy, sesSenderTrustPolicy, webIdentityTokenPolicy } from '../../src/policy/documents';
import { ContextValue, EvaluationInput, EvaluationRequest, NamedPolicy, PolicyEvaluationInputError, evaluatePolicies } from '../../src/policy/evaluate';
import { callerFields } from '../../src/policy/principals';
import { PolicyDocument } from '../../src/policy/types';

const CUSTOMER = '123456789012';
const SENDER_ROLE = `arn:aws:iam::${CUSTOMER}:role/c1-ses-sender`;
const C1_SESSION = 'arn:aws:sts::765656841499:assumed-role/ConductorOneService/c1-check';
const EXTERNAL_ID = 'tenant-ext-id-2f9c1a77';

function req(principal: string, action: string, resource: string, context: Record<string, ContextValue | undefined> = {}): EvaluationRequest {
  return { ...callerFields(principal), action, resource, context };
}

describe('sesSenderTrustPolicy (AssumeRole trust, resource mode)', () => {
  const trust = sesSenderTrustPolicy({ externalId: EXTERNAL_ID });
  const assume = (principal: string, externalId?: string): EvaluationInput => ({
    request: req(principal, 'sts:AssumeRole', SENDER_ROLE, { 'sts:ExternalId': externalId }),
    resourcePolicy: trust,
    mode: 'resource',
  });
  const cases: ReadonlyArray<readonly [string, EvaluationInput, string]> = [
    ['C1 role with the right External ID', assume(C1_SERVICE_ROLE_ARN, EXTERNAL_ID), 'Allow'],
    ['a session of ConductorOneService with the right External ID', assume(C1_SESSION, EXTERNAL_ID), 'Allow'],
    ['C1 without the External ID', assume(C1_SERVICE_ROLE_ARN), 'ImplicitDeny'],
    ['C1 with a wrong External ID', assume(C1_SERVICE_ROLE_ARN, 'tenant-ext-id-wrong'), 'ImplicitDeny'],
    ['C1 with the External ID in other case', assume(C1_SERVICE_ROLE_ARN, EXTERNAL_ID.toUpperCase()), 'ImplicitDeny'],
    ['a role of the same name in another account', assume('arn:aws:iam::111122223333:role/ConductorOneService', EXTERNAL_ID), 'ImplicitDeny'],
    ['another role of C1 account', assume('arn:aws:sts::765656841499:assumed-role/Other/s', EXTERNAL_ID), 'ImplicitDeny'],
    ['a user of the customer account', assume(`arn:aws:iam::${CUSTOMER}:user/admin`, EXTERNAL_ID), 'ImplicitDeny'],
  ];
  it.each(cases)('%s → %s', (_name, input, expected) => {
    expect(evaluatePolicies(input).decision).toBe(expected);
  });

  it('another action is not granted by the trust', () => {
    const r = evaluatePolicies({ ...assume(C1_SERVICE_ROLE_ARN, EXTERNAL_ID), request: req(C1_SERVICE_ROLE_ARN, 'sts:AssumeRoleWithWebIdentity', SENDER_ROLE, { 'sts:ExternalId': EXTERNAL_ID }) });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.notes.join('\n')).toMatch(/action sts:AssumeRoleWithWebIdentity is not in Action/);
  });

  it('names the deciding statement on Allow', () => {
    const r = evaluatePolicies(assume(C1_SESSION, EXTERNAL_ID));
    expect(r.decidedBy).toMatchObject({ source: 'resource', index: 0, sid: 'AllowC1WithExternalId' });
    expect(r.decidedBy?.statement.Effect).toBe('Allow');
  });

  it('explains a missing External ID without printing the expected one', () => {
    const r = evaluatePolicies(assume(C1_SERVICE_ROLE_ARN));
    expect(r.decidedBy).toBeUndefined();
    expect(r.notes.join('\n')).toContain('statement 0 (AllowC1WithExternalId): condition StringEquals sts:ExternalId did not match');
    const wrong = evaluatePolicies(assume(C1_SERVICE_ROLE_ARN, 'tenant-ext-id-wrong'));
    const text = [...r.notes, ...wrong.notes].join('\n');
    expect(text).not.toContain(EXTERNAL_ID);
    expect(text).not.toContain('tenant-ext-id-wrong');
  });

  it('explains a principal mismatch', () => {
    const r = evaluatePolicies(assume('arn:aws:iam::111122223333:role/ConductorOneService', EXTERNAL_ID));
    expect(r.notes.join('\n')).toMatch(/principal arn:aws:iam::111122223333:role\/ConductorOneService is not in Principal/);
  });
});

describe('webIdentityTokenPolicy (GetWebIdentityToken, identity mode)', () => {
  const WORKLOAD = `arn:aws:sts::${CUSTOMER}:assumed-role/etl/job-1`;
  const policy: NamedPolicy = { name: 'c1-token', document: webIdentityTokenPolicy({ audiences: ['acme.conductor.one', 'acme-staging.conductor.one'] }) };
  const token = (context: Record<string, ContextValue | undefined>, document: PolicyDocument = policy.document): EvaluationInput => ({
    request: req(WORKLOAD, 'sts:GetWebIdentityToken', '*', context),
    identityPolicies: [{ name: policy.name, document }],
  });
  const ok = { 'sts:IdentityTokenAudience': ['acme.conductor.one'], 'sts:DurationSeconds': 300, 'sts:SigningAlgorithm': 'RS256' };

  const forAny: PolicyDocument = JSON.parse(JSON.stringify(policy.document).replace('ForAllValues:StringEquals', 'ForAnyValue:StringEquals'));
  const seedStyle: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { StringEquals: { 'sts:Audience': 'acme.conductor.one' } } }],
  };
  const noNullGuard: PolicyDocument = JSON.parse(JSON.stringify(policy.document));
  delete (noNullGuard.Statement[0].Condition as Record<string, unknown>).Null;

  const cases: ReadonlyArray<readonly [string, EvaluationInput, string]> = [
    ['one allowed audience', token(ok), 'Allow'],
    ['both allowed audiences', token({ ...ok, 'sts:IdentityTokenAudience': ['acme.conductor.one', 'acme-staging.conductor.one'] }), 'Allow'],
    ['an extra audience', token({ ...ok, 'sts:IdentityTokenAudience': ['acme.conductor.one', 'evil.example.com'] }), 'ImplicitDeny'],
    ['only a foreign audience', token({ ...ok, 'sts:IdentityTokenAudience': ['evil.example.com'] }), 'ImplicitDeny'],
    ['no audience key (Null guard)', token({ ...ok, 'sts:IdentityTokenAudience': undefined }), 'ImplicitDeny'],
    ['empty audience list (Null guard)', token({ ...ok, 'sts:IdentityTokenAudience': [] }), 'ImplicitDeny'],
    ['without the Null guard, no audience slips through', token({ ...ok, 'sts:IdentityTokenAudience': undefined }, noNullGuard), 'Allow'],
    ['ForAnyValue variant lets an extra audience through', token({ ...ok, 'sts:IdentityTokenAudience': ['acme.conductor.one', 'evil.example.com'] }, forAny), 'Allow'],
    ['sts:Audience condition never matches the real key', token(ok, seedStyle), 'ImplicitDeny'],
    ['duration at the cap', token({ ...ok, 'sts:DurationSeconds': 300 }), 'Allow'],
    ['duration above the cap', token({ ...ok, 'sts:DurationSeconds': 301 }), 'ImplicitDeny'],
    ['duration missing', token({ ...ok, 'sts:DurationSeconds': undefined }), 'ImplicitDeny'],
    ['wrong algorithm', token({ ...ok, 'sts:SigningAlgorithm': 'ES384' }), 'ImplicitDeny'],
    ['algorithm in other case', token({ ...ok, 'sts:SigningAlgorithm': 'rs256' }), 'ImplicitDeny'],
    ['key names in other case', token({ 'STS:IdentityTokenAudience': ['acme.conductor.one'], 'sts:durationseconds': '60', 'Sts:SigningAlgorithm': 'RS256' }), 'Allow'],
  ];
  it.each(cases)('%s → %s', (_name, input, expected) => {
    expect(evaluatePolicies(input).decision).toBe(expected);
  });

  it('ES384 policy accepts ES384 and a higher cap accepts 3600 s', () => {
    const doc = webIdentityTokenPolicy({ audiences: ['acme.conductor.one'], signingAlgorithm: 'ES384', maxDurationSeconds: 3600 });
    expect(evaluatePolicies(token({ ...ok, 'sts:SigningAlgorithm': 'ES384', 'sts:DurationSeconds': 3600 }, doc)).decision).toBe('Allow');
    expect(evaluatePolicies(token({ ...ok, 'sts:SigningAlgorithm': 'RS256' }, doc)).decision).toBe('ImplicitDeny');
  });

  it('request tags need sts:TagGetWebIdentityToken, granted only when asked', () => {
    const tagReq = (doc: PolicyDocument): EvaluationInput => ({ ...token(ok, doc), request: req(WORKLOAD, 'sts:TagGetWebIdentityToken', '*', ok) });
    expect(evaluatePolicies(tagReq(policy.document)).decision).toBe('ImplicitDeny');
    expect(evaluatePolicies(tagReq(webIdentityTokenPolicy({ audiences: ['acme.conductor.one', 'acme-staging.conductor.one'], allowRequestTags: true }))).decision).toBe('Allow');
  });

  it('says which condition failed', () => {
    const r = evaluatePolicies(token({ ...ok, 'sts:IdentityTokenAudience': undefined }));
    expect(r.notes.join('\n')).toMatch(/identity policy c1-token: statement 0 \(AllowC1WebIdentityToken\): condition Null sts:IdentityTokenAudience did not match/);
    const seed = evaluatePolicies(token(ok, seedStyle));
    expect(seed.notes.join('\n')).toMatch(/condition StringEquals sts:Audience did not match \(key is absent\)/);
  });
});

describe('sesSendPolicy (SES send authorization, identity mode)', () => {
  const SENDER_SESSION = `arn:aws:sts::${CUSTOMER}:assumed-role/c1-ses-sender/c1`;
  const IDENTITY = `arn:aws:ses:us-east-1:${CUSTOMER}:identity/example.com`;
  const OTHER_IDENTITY = `arn:aws:ses:us-east-1:${CUSTOMER}:identity/other.com`;
  const CONFIG_SET = `arn:aws:ses:us-east-1:${CUSTOMER}:configuration-set/c1`;
  const send = (document: PolicyDocument, action: string, resource: string, context: Record<string, ContextValue> = {}): string =>
    evaluatePolicies({ request: req(SENDER_SESSION, action, resource, context), identityPolicies: [{ name: 'c1-ses-send', document }] }).decision;

  const identityOnly = sesSendPolicy({ identityArns: [IDENTITY] });
  const withConfigSet = sesSendPolicy({ identityArns: [IDENTITY], configurationSetArns: [CONFIG_SET] });
  const pinned = sesSendPolicy({ identityArns: [IDENTITY], fromAddresses: ['noreply@example.com'] });
  const everything = sesSendPolicy({ identityArns: [IDENTITY], allowAllResources: true });

  const cases: ReadonlyArray<readonly [string, PolicyDocument, string, string, Record<string, ContextValue>, string]> = [
    ['SendEmail on the identity', identityOnly, 'ses:SendEmail', IDENTITY, {}, 'Allow'],
    ['SendRawEmail on the identity', identityOnly, 'ses:SendRawEmail', IDENTITY, {}, 'Allow'],
    ['action case does not matter', identityOnly, 'SES:sendemail', IDENTITY, {}, 'Allow'],
    ['another identity', identityOnly, 'ses:SendEmail', OTHER_IDENTITY, {}, 'ImplicitDeny'],
    ['configuration set not in a policy scoped to the identity', identityOnly, 'ses:SendEmail', CONFIG_SET, {}, 'ImplicitDeny'],
    ['configuration set in the policy', withConfigSet, 'ses:SendEmail', CONFIG_SET, {}, 'Allow'],
    ['other SES actions', withConfigSet, 'ses:CreateEmailIdentity', IDENTITY, {}, 'ImplicitDeny'],
    ['pinned From address', pinned, 'ses:SendEmail', IDENTITY, { 'ses:FromAddress': 'noreply@example.com' }, 'Allow'],
    ['other From address', pinned, 'ses:SendEmail', IDENTITY, { 'ses:FromAddress': 'ceo@example.com' }, 'ImplicitDeny'],
    ['Resource "*" allows any identity', everything, 'ses:SendEmail', OTHER_IDENTITY, {}, 'Allow'],
  ];
  it.each(cases)('%s → %s', (_name, doc, action, resource, context, expected) => {
    expect(send(doc, action, resource, context)).toBe(expected);
  });
});

describe('explicit Deny precedence and modes', () => {
  const CALLER = `arn:aws:sts::${CUSTOMER}:assumed-role/app/s`;
  const ROLE = `arn:aws:iam::${CUSTOMER}:role/app`;
  const allowAll: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] };
  const denyIam: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' }] };
  const trustAllowApp: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'App', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sts:AssumeRole' }] };
  const trustDenyApp: PolicyDocument = { Version: '2012-10-17', Statement: [...trustAllowApp.Statement, { Sid: 'DenyApp', Effect: 'Deny', Principal: { AWS: ROLE }, Action: 'sts:*' }] };
  const r = (action: string, context: Record<string, ContextValue> = {}): EvaluationRequest => req(CALLER, action, `arn:aws:iam::${CUSTOMER}:role/target`, context);

  it('a Deny beats an Allow in another identity policy, whatever the order', () => {
    for (const policies of [[{ name: 'a', document: allowAll }, { name: 'd', document: denyIam }], [{ name: 'd', document: denyIam }, { name: 'a', document: allowAll }]]) {
      const out = evaluatePolicies({ request: r('iam:CreateRole'), identityPolicies: policies });
      expect(out.decision).toBe('ExplicitDeny');
      expect(out.decidedBy).toMatchObject({ source: 'd', sid: 'NoIam' });
    }
    expect(evaluatePolicies({ request: r('s3:GetObject'), identityPolicies: [{ name: 'a', document: allowAll }, { name: 'd', document: denyIam }] }).decision).toBe('Allow');
  });

  it('a Deny in the resource policy wins even when identity policies allow', () => {
    const out = evaluatePolicies({ request: r('sts:AssumeRole'), identityPolicies: [{ name: 'a', document: allowAll }], resourcePolicy: trustDenyApp });
    expect(out.decision).toBe('ExplicitDeny');
    expect(out.decidedBy).toMatchObject({ source: 'resource', index: 1, sid: 'DenyApp' });
  });

  const modes: ReadonlyArray<readonly [EvaluationInput['mode'], boolean, boolean, string]> = [
    ['identity', true, false, 'Allow'],
    ['identity', false, true, 'ImplicitDeny'],
    ['resource', true, false, 'ImplicitDeny'],
    ['resource', false, true, 'Allow'],
    ['same-account', true, false, 'Allow'],
    ['same-account', false, true, 'Allow'],
    ['same-account', false, false, 'ImplicitDeny'],
    ['cross-account', true, false, 'ImplicitDeny'],
    ['cross-account', false, true, 'ImplicitDeny'],
    ['cross-account', true, true, 'Allow'],
    [undefined, false, true, 'Allow'],
  ];
  it.each(modes)('mode %s, identity allows=%s, resource allows=%s → %s', (mode, identityAllows, resourceAllows, expected) => {
    const emptyTrust: PolicyDocument = { Version: '2012-10-17', Statement: [] };
    const out = evaluatePolicies({
      request: r('sts:AssumeRole'),
      identityPolicies: identityAllows ? [{ name: 'a', document: allowAll }] : [],
      resourcePolicy: resourceAllows ? trustAllowApp : emptyTrust,
      mode,
    });
    expect(out.decision).toBe(expected);
  });

  it('defaults to identity mode without a resource policy', () => {
    expect(evaluatePolicies({ request: r('sts:AssumeRole') }).decision).toBe('ImplicitDeny');
    expect(evaluatePolicies({ request: r('sts:AssumeRole'), identityPolicies: [{ name: 'a', document: allowAll }] }).decision).toBe('Allow');
  });

  it('cross-account notes name the missing side and matchedAllows lists the other', () => {
    const out = evaluatePolicies({ request: r('sts:AssumeRole'), identityPolicies: [], resourcePolicy: trustAllowApp, mode: 'cross-account' });
    expect(out.notes).toContain('cross-account: the resource policy allows, but no identity policy does');
    expect(out.matchedAllows?.map((s) => s.sid)).toEqual(['App']);
  });

  it('decidedBy is the first matching Allow', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Sid: 'Sts1', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
        { Sid: 'Sts2', Effect: 'Allow', Action: 'sts:*', Resource: '*' },
      ],
    };
    const out = evaluatePolicies({ request: r('sts:AssumeRole'), identityPolicies: [{ name: 'p', document: doc }] });
    expect(out.decidedBy).toMatchObject({ index: 1, sid: 'Sts1' });
    expect(out.matchedAllows?.map((s) => s.sid)).toEqual(['Sts1', 'Sts2']);
  });
});

describe('NotAction, NotResource, NotPrincipal', () => {
  const CALLER = `arn:aws:iam::${CUSTOMER}:user/alice`;
  const identity = (document: PolicyDocument, action: string, resource: string): string =>
    evaluatePolicies({ request: req(CALLER, action, resource), identityPolicies: [{ name: 'p', document }] }).decision;

  const notAction: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'sts:AssumeRole'], Resource: '*' }] };
  const notResource: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }] };
  const denyNotResource: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::public', 'arn:aws:s3:::public/*'] },
    ],
  };
  const cases: ReadonlyArray<readonly [string, PolicyDocument, string, string, string]> = [
    ['NotAction allows what is not listed', notAction, 's3:GetObject', '*', 'Allow'],
    ['NotAction excludes a listed wildcard', notAction, 'iam:CreateUser', '*', 'ImplicitDeny'],
    ['NotAction excludes a listed action (case-insensitive)', notAction, 'STS:assumerole', '*', 'ImplicitDeny'],
    ['NotResource allows other resources', notResource, 's3:GetObject', 'arn:aws:s3:::data/x', 'Allow'],
    ['NotResource excludes the listed pattern', notResource, 's3:GetObject', 'arn:aws:s3:::secret/x', 'ImplicitDeny'],
    ['Deny with NotResource hits everything else', denyNotResource, 's3:GetObject', 'arn:aws:s3:::private/x', 'ExplicitDeny'],
    ['Deny with NotResource spares the listed resource', denyNotResource, 's3:GetObject', 'arn:aws:s3:::public/x', 'Allow'],
  ];
  it.each(cases)('%s', (_name, doc, action, resource, expected) => {
    expect(identity(doc, action, resource)).toBe(expected);
  });

  const ALLOWED = `arn:aws:iam::${CUSTOMER}:role/breakglass`;
  const bucketPolicy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Sid: 'OnlyBreakglass', Effect: 'Deny', NotPrincipal: { AWS: [ALLOWED, `arn:aws:iam::${CUSTOMER}:root`] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/secret/*' },
    ],
  };
  const principalCases: ReadonlyArray<readonly [string, string, string, string]> = [
    ['NotPrincipal Deny applies to another account', 'arn:aws:sts::111122223333:assumed-role/x/s', 'arn:aws:s3:::b/secret/k', 'ExplicitDeny'],
    ['NotPrincipal Deny spares a listed principal (via the account)', `arn:aws:sts::${CUSTOMER}:assumed-role/breakglass/s`, 'arn:aws:s3:::b/secret/k', 'Allow'],
    ['NotPrincipal Deny not on other resources', 'arn:aws:sts::111122223333:assumed-role/x/s', 'arn:aws:s3:::b/open/k', 'Allow'],
  ];
  it.each(principalCases)('%s', (_name, principal, resource, expected) => {
    expect(evaluatePolicies({ request: req(principal, 's3:GetObject', resource), resourcePolicy: bucketPolicy, mode: 'resource' }).decision).toBe(expected);
  });

  it('NotPrincipal Allow trusts everyone except the listed principal', () => {
    const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };
    const assume = (p: string): string => evaluatePolicies({ request: req(p, 'sts:AssumeRole', 'arn:aws:iam::1:role/r'), resourcePolicy: trust, mode: 'resource' }).decision;
    expect(assume(C1_SESSION)).toBe('Allow');
    expect(assume('arn:aws:iam::111122223333:user/bob')).toBe('ImplicitDeny');
  });

  it('a resource policy statement without Principal never applies', () => {
    const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
    const out = evaluatePolicies({ request: req(C1_SESSION, 'sts:AssumeRole', 'arn:aws:iam::1:role/r'), resourcePolicy: trust, mode: 'resource' });
    expect(out.decision).toBe('ImplicitDeny');
    expect(out.notes.join('\n')).toMatch(/needs Principal or NotPrincipal/);
  });
});

describe('IfExists, Date and Bool in statements', () => {
  const CALLER = `arn:aws:iam::${CUSTOMER}:user/alice`;
  const doc: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Window',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: '*',
        Condition: {
          DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
          DateLessThan: { 'aws:CurrentTime': '1798761600' },
          StringEqualsIfExists: { 'ses:FromAddress': 'noreply@example.com' },
        },
      },
      { Sid: 'NoPlainHttp', Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  };
  const cases: ReadonlyArray<readonly [string, Record<string, ContextValue>, string]> = [
    ['inside the window, no From key (IfExists)', { 'aws:CurrentTime': '2026-11-22T12:00:00Z', 'aws:SecureTransport': true }, 'Allow'],
    ['inside the window, right From', { 'aws:CurrentTime': '2026-11-22T12:00:00Z', 'ses:FromAddress': 'noreply@example.com' }, 'Allow'],
    ['inside the window, wrong From', { 'aws:CurrentTime': '2026-11-22T12:00:00Z', 'ses:FromAddress': 'x@example.com' }, 'ImplicitDeny'],
    ['before the window', { 'aws:CurrentTime': '2025-12-31T23:59:59Z' }, 'ImplicitDeny'],
    ['after the window (epoch bound)', { 'aws:CurrentTime': '2027-01-01T00:00:01Z' }, 'ImplicitDeny'],
    ['no time in the request', {}, 'ImplicitDeny'],
    ['plain HTTP is denied', { 'aws:CurrentTime': '2026-11-22T12:00:00Z', 'aws:SecureTransport': false }, 'ExplicitDeny'],
  ];
  it.each(cases)('%s → %s', (_name, context, expected) => {
    expect(evaluatePolicies({ request: req(CALLER, 'ses:SendEmail', '*', context), identityPolicies: [{ name: 'p', document: doc }] }).decision).toBe(expected);
  });
});

describe('document handling and bad input', () => {
  const CALLER = `arn:aws:iam::${CUSTOMER}:user/alice`;
  it('accepts a single Statement object (as AWS does)', () => {
    const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } } as unknown as PolicyDocument;
    expect(evaluatePolicies({ request: req(CALLER, 's3:GetObject', '*'), identityPolicies: [{ name: 'p', document: doc }] }).decision).toBe('Allow');
  });

  it('resolves policy variables only in Version 2012-10-17', () => {
    const stmt = { Effect: 'Allow' as const, Action: 'iam:ChangePassword', Resource: 'arn:aws:iam::123456789012:user/${aws:username}' };
    const request = req(CALLER, 'iam:ChangePassword', 'arn:aws:iam::123456789012:user/alice', { 'aws:username': 'alice' });
    expect(evaluatePolicies({ request, identityPolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [stmt] } }] }).decision).toBe('Allow');
    expect(evaluatePolicies({ request, identityPolicies: [{ name: 'p', document: { Version: '2008-10-17', Statement: [stmt] } }] }).decision).toBe('ImplicitDeny');
  });

  it('notes an Effect that is neither Allow nor Deny', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] } as unknown as PolicyDocument;
    const out = evaluatePolicies({ request: req(CALLER, 's3:GetObject', '*'), identityPolicies: [{ name: 'p', document: doc }] });
    expect(out.decision).toBe('ImplicitDeny');
    expect(out.notes.join('\n')).toMatch(/Effect allow is neither Allow nor Deny/);
  });

  it('rejects a request without an action, naming the input and the fix', () => {
    const bad = { request: { ...req(CALLER, 'x', '*'), action: '' } };
    expect(() => evaluatePolicies(bad)).toThrow(PolicyEvaluationInputError);
    try {
      evaluatePolicies(bad);
    } catch (e) {
      expect((e as PolicyEvaluationInputError).code).toBe('C1AWS_POLICY_EVALUATION_INPUT');
      expect((e as PolicyEvaluationInputError).fix).toMatch(/request\.action/);
    }
  });

  it('rejects a request without a principal', () => {
    const bad = { request: { action: 's3:GetObject', resource: '*', context: {} } } as unknown as EvaluationInput;
    expect(() => evaluatePolicies(bad)).toThrow(/no principal.*callerFields/s);
  });

  it('rejects an unknown mode', () => {
    const bad = { request: req(CALLER, 's3:GetObject', '*'), mode: 'org' } as unknown as EvaluationInput;
    expect(() => evaluatePolicies(bad)).toThrow(/unknown evaluation mode org/);
  });
});

describe('policy variables in whole statements', () => {
  const CALLER = `arn:aws:iam::${CUSTOMER}:user/alice`;
  const decide = (doc: PolicyDocument, action: string, resource: string, context: Record<string, ContextValue> = {}): string =>
    evaluatePolicies({ request: req(CALLER, action, resource, context), identityPolicies: [{ name: 'p', document: doc }] }).decision;
  const allowAll: PolicyDocument['Statement'][number] = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

  it('an unresolved variable in StringNotEquals makes the Deny apply (IAM User Guide example)', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [allowAll, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } } }],
    };
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/k', { 's3:ExistingObjectTag/Team': 'blue' })).toBe('ExplicitDeny');
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/k', { 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'blue' })).toBe('Allow');
  });

  it('an unresolved variable in StringNotEquals never makes an Allow apply', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } } }],
    };
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/k', { 's3:ExistingObjectTag/Team': 'blue' })).toBe('ImplicitDeny');
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/k', { 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'red' })).toBe('Allow');
    const out = evaluatePolicies({ request: req(CALLER, 's3:GetObject', '*', { 's3:ExistingObjectTag/Team': 'blue' }), identityPolicies: [{ name: 'p', document: doc }] });
    expect(out.notes.join('\n')).toMatch(/policy variable has no value/);
  });

  it('a default value in Resource ("Specifying default values")', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::bucket-${aws:PrincipalTag/team, 'company-wide'}/*" }] };
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::bucket-company-wide/x')).toBe('Allow');
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::bucket-yellow/x')).toBe('ImplicitDeny');
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::bucket-yellow/x', { 'aws:PrincipalTag/team': 'yellow' })).toBe('Allow');
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::bucket-company-wide/x', { 'aws:PrincipalTag/team': 'yellow' })).toBe('ImplicitDeny');
  });

  it('a Resource with an unresolved variable matches no resource', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] };
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/alice/x')).toBe('ImplicitDeny');
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/alice/x', { 'aws:username': 'alice' })).toBe('Allow');
  });

  it('a multivalued key is no policy variable', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:TagKeys}' }] };
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/a', { 'aws:TagKeys': ['a'] })).toBe('ImplicitDeny');
  });
});

describe('a single-valued operator on a multivalued key', () => {
  const CALLER = `arn:aws:sts::${CUSTOMER}:assumed-role/etl/s`;
  const token = (condition: PolicyDocument['Statement'][number]['Condition'], audiences: string[], effect: 'Allow' | 'Deny' = 'Allow'): string => {
    const statements: PolicyDocument['Statement'][number][] = [{ Effect: effect, Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: condition }];
    if (effect === 'Deny') statements.push({ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' });
    return evaluatePolicies({ request: req(CALLER, 'sts:GetWebIdentityToken', '*', { 'sts:IdentityTokenAudience': audiences }), identityPolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: statements } }] }).decision;
  };
  it('an Allow without a set operator does not apply, even when every value would match', () => {
    expect(token({ StringEquals: { 'sts:IdentityTokenAudience': 'acme.conductor.one' } }, ['acme.conductor.one'])).toBe('ImplicitDeny');
    expect(token({ StringLike: { 'sts:IdentityTokenAudience': '*.conductor.one' } }, ['acme.conductor.one'])).toBe('ImplicitDeny');
    expect(token({ 'ForAllValues:StringLike': { 'sts:IdentityTokenAudience': '*.conductor.one' }, Null: { 'sts:IdentityTokenAudience': 'false' } }, ['acme.conductor.one'])).toBe('Allow');
  });
  it('a Deny without a set operator does not apply either', () => {
    expect(token({ StringNotEquals: { 'sts:IdentityTokenAudience': 'acme.conductor.one' } }, ['evil.example.com'], 'Deny')).toBe('Allow');
    expect(token({ 'ForAnyValue:StringNotEquals': { 'sts:IdentityTokenAudience': 'acme.conductor.one' } }, ['evil.example.com'], 'Deny')).toBe('ExplicitDeny');
  });
});

describe('IPv6 source addresses in statements', () => {
  const CALLER = `arn:aws:iam::${CUSTOMER}:user/alice`;
  const doc: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } } },
      { Effect: 'Deny', Action: 'ses:SendEmail', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } } },
    ],
  };
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['203.0.113.7', 'Allow'],
    ['2001:db8:1234:5678::abcd', 'Allow'],
    ['::ffff:203.0.113.7', 'ExplicitDeny'],
    ['2001:db8:1234:9999::1', 'ExplicitDeny'],
    ['198.51.100.1', 'ExplicitDeny'],
    ['garbage', 'ImplicitDeny'],
  ];
  it.each(cases)('%s → %s', (ip, expected) => {
    expect(evaluatePolicies({ request: req(CALLER, 'ses:SendEmail', '*', { 'aws:SourceIp': ip }), identityPolicies: [{ name: 'p', document: doc }] }).decision).toBe(expected);
  });
});
