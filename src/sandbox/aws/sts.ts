/** STS (awsQuery, Version 2011-06-15): GetCallerIdentity, AssumeRole, GetWebIdentityToken. */
import { randomUUID } from 'node:crypto';
import {
  AWS_CLAIMS_NAMESPACE,
  GET_WEB_IDENTITY_TOKEN,
  KEY_DURATION_SECONDS,
  KEY_EXTERNAL_ID,
  KEY_IDENTITY_TOKEN_AUDIENCE,
  KEY_SIGNING_ALGORITHM,
  SIGNING_ALGORITHMS,
  TAG_GET_WEB_IDENTITY_TOKEN,
  TOKEN_DURATION_DEFAULT,
  TOKEN_DURATION_MAX,
  TOKEN_DURATION_MIN,
} from '../../policy/constants';
import type { PolicyDocument } from '../../policy/types';
import { AwsApiError, accessDenied, validationError } from './api-error';
import { authorizeAssumeRole, authorizeIdentity } from './authorize';
import type { OidcIssuers } from './oidc';
import { issuerUrl } from './oidc';
import { checkPolicyDocument } from './policy-grammar';
import { memberList, queryAction, queryRequestParams, required, sendQueryResult, tagList, type QueryParams, type XmlValue } from './query-protocol';
import type { RequestContext } from './request-context';
import { findManagedPolicy, type Principal } from './state';
import type { NamedPolicy } from '../../policy/evaluate';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STS_ACTIONS = ['GetCallerIdentity', 'AssumeRole', 'GetWebIdentityToken'];

type Params = QueryParams;

function getCallerIdentity(ctx: RequestContext): XmlValue {
  return { UserId: ctx.principal.userId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Session policies of an AssumeRole call: the inline `Policy` and the managed `PolicyArns`. */
function sessionPolicies(ctx: RequestContext, p: Params): NamedPolicy[] {
  const out: NamedPolicy[] = [];
  const inline = p.get('Policy');
  if (inline !== undefined) {
    if (inline.length < 1 || inline.length > 2048) throw validationError(`1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`);
    out.push({ name: 'session-policy', document: JSON.parse(checkPolicyDocument(inline, 'session')) as PolicyDocument });
  }
  const arns: string[] = [];
  for (let i = 1; p.has(`PolicyArns.member.${i}.arn`); i++) arns.push(p.get(`PolicyArns.member.${i}.arn`) ?? '');
  if (arns.length > 10) throw validationError(`1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10`);
  for (const arn of arns) {
    if (arn.length < 20 || arn.length > 2048) throw validationError(`1 validation error detected: Value '${arn}' at 'policyArns.member.arn' failed to satisfy constraint: Member must have length between 20 and 2048`);
    const pol = findManagedPolicy(ctx.rt.state, arn);
    const version = pol?.versions.find((v) => v.versionId === pol.defaultVersionId);
    if (!pol || !version) throw validationError(`Policy ${arn} does not exist or is not attachable.`);
    out.push({ name: pol.name, document: JSON.parse(version.document) as PolicyDocument });
  }
  return out;
}

/** Session tags: Tags plus the caller's transitive tags (which a new tag may not override). */
/** `Tags` of AssumeRole or GetWebIdentityToken (tagListType): at most 50, keys/values per the model, keys unique regardless of case. */
function checkedStsTags(p: Params): { passed: Array<{ Key: string; Value: string }>; seen: Set<string> } {
  const passed = tagList(p);
  if (passed.length > 50) throw validationError(`1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50`);
  const seen = new Set<string>();
  for (const t of passed) {
    if (!TAG_KEY.test(t.Key)) throw validationError(`1 validation error detected: Value '${t.Key}' at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128 and match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+`);
    if (!TAG_VALUE.test(t.Value)) throw validationError(`1 validation error detected: Value at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to 256 and match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`);
    if (seen.has(t.Key.toLowerCase())) throw validationError(`Duplicate tag keys found. Tag keys are case insensitive: ${t.Key}`);
    seen.add(t.Key.toLowerCase());
  }
  return { passed, seen };
}

function sessionTags(caller: Principal, p: Params): { tags: Record<string, string>; passed: Array<{ Key: string; Value: string }>; transitive: string[] } {
  const { passed, seen } = checkedStsTags(p);
  const transitivePassed = memberList(p, 'TransitiveTagKeys');
  if (transitivePassed.length > 50) throw validationError(`1 validation error detected: Value at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50`);
  for (const k of transitivePassed) if (!seen.has(k.toLowerCase())) throw validationError(`The transitive tag key ${k} is not among the session tags passed in Tags: pass it in Tags too.`);
  const inherited = caller.transitiveTagKeys ?? [];
  const tags: Record<string, string> = {};
  for (const k of inherited) {
    if (seen.has(k.toLowerCase())) throw validationError(`The session tag ${k} is transitive in the calling session and cannot be overridden.`);
    tags[k] = caller.sessionTags?.[k] ?? '';
  }
  for (const t of passed) tags[t.Key] = t.Value;
  return { tags, passed, transitive: [...inherited, ...transitivePassed] };
}

function assumeRole(ctx: RequestContext, p: Params): XmlValue {
  const roleArn = required(p, 'RoleArn');
  if (roleArn.length < 20 || roleArn.length > 2048) throw validationError(`1 validation error detected: Value '${roleArn.slice(0, 128)}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048`);
  const sessionName = required(p, 'RoleSessionName');
  const serial = p.get('SerialNumber');
  if (serial !== undefined && !/^[\w+=/:,.@-]{9,256}$/.test(serial)) throw validationError(`1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: Member must have length between 9 and 256 and satisfy regular expression pattern: [\\w+=/:,.@-]*`);
  const tokenCode = p.get('TokenCode');
  if (tokenCode !== undefined && !/^\d{6}$/.test(tokenCode)) throw validationError(`1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must have length 6 and satisfy regular expression pattern: [\\d]*`);
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw validationError(`1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  const externalId = p.get('ExternalId');
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) throw validationError(`1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and length 2-1224`);
  const passedSource = p.get('SourceIdentity');
  if (passedSource !== undefined && (!/^[\w+=,.@-]{2,64}$/.test(passedSource) || passedSource.toLowerCase().startsWith('aws:'))) {
    throw validationError(`1 validation error detected: Value at 'sourceIdentity' failed to satisfy constraint: Member must have length between 2 and 64, satisfy regular expression pattern [\\w+=,.@-]* and not start with aws:`);
  }
  const rawDuration = p.get('DurationSeconds');
  const duration = Number(rawDuration ?? 3600);
  // The model's range (900–43200) first, then the role's MaxSessionDuration.
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validationError(`1 validation error detected: Value '${rawDuration ?? ''}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${duration > 43200 ? 'less than or equal to 43200' : 'greater than or equal to 900'}`);
  }
  const caller = ctx.principal;
  if (passedSource !== undefined && caller.sourceIdentity !== undefined && passedSource !== caller.sourceIdentity) {
    throw accessDenied(caller.arn, 'sts:SetSourceIdentity', roleArn, 'the source identity of a session cannot be changed once set');
  }
  const sourceIdentity = passedSource ?? caller.sourceIdentity;
  const policies = sessionPolicies(ctx, p);
  const session = sessionTags(caller, p);
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  const role = m ? ctx.rt.state.accounts.get(m[1])?.roles.get(m[2]) : undefined;
  if (!m || !role || role.arn !== roleArn) throw accessDenied(caller.arn, 'sts:AssumeRole', roleArn, '');
  if (duration > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  // Role chaining (a role session assuming a role) is limited to one hour, whatever the role allows.
  if (caller.roleArn !== undefined && duration > 3600) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const tagKeys = Object.keys(session.tags);
  const actions = ['sts:AssumeRole', ...(tagKeys.length > 0 ? ['sts:TagSession'] : []), ...(sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : [])];
  authorizeAssumeRole(
    caller,
    roleArn,
    JSON.parse(role.trustPolicy) as PolicyDocument,
    {
      ...(externalId !== undefined ? { [KEY_EXTERNAL_ID]: externalId } : {}),
      'sts:RoleSessionName': sessionName,
      ...Object.fromEntries(Object.entries(session.tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
      ...(tagKeys.length > 0 ? { 'aws:TagKeys': tagKeys } : {}),
      ...(session.transitive.length > 0 ? { 'sts:TransitiveTagKeys': session.transitive } : {}),
      ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity } : {}),
    },
    actions,
    ctx.rt.state,
  );
  const expiration = new Date(Date.now() + duration * 1000);
  const principal: Principal = {
    arn: `arn:aws:sts::${m[1]}:assumed-role/${role.name}/${sessionName}`,
    accountId: m[1],
    userId: `${role.roleId}:${sessionName}`,
    roleArn: role.arn,
    roleName: role.name,
    sessionName,
    expiration,
    ...(policies.length > 0 ? { sessionPolicies: policies } : {}),
    ...(tagKeys.length > 0 ? { sessionTags: session.tags } : {}),
    ...(session.transitive.length > 0 ? { transitiveTagKeys: session.transitive } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
  const key = ctx.rt.state.issueKey(principal, true);
  // PackedPolicySize: percentage of the packed-policy allowance the session policies and tags use.
  const packed = policies.length > 0 || tagKeys.length > 0 ? Math.min(100, Math.ceil(((p.get('Policy')?.length ?? 0) + policies.length * 64 + JSON.stringify(session.tags).length) / 20.48)) : undefined;
  return {
    Credentials: { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, SessionToken: key.sessionToken, Expiration: expiration.toISOString() },
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
    PackedPolicySize: packed,
    SourceIdentity: sourceIdentity,
  };
}

async function getWebIdentityToken(ctx: RequestContext, p: Params, oidc: OidcIssuers): Promise<XmlValue> {
  const audiences = memberList(p, 'Audience');
  if (audiences.length < 1 || audiences.length > 10) throw validationError(`1 validation error detected: Value at 'audience' failed to satisfy constraint: Member must have length between 1 and 10`);
  if (audiences.some((a) => a.length < 1 || a.length > 1000)) throw validationError(`1 validation error detected: Value at 'audience' failed to satisfy constraint: each member must have length between 1 and 1000`);
  const alg = required(p, 'SigningAlgorithm');
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) throw validationError(`1 validation error detected: Value '${alg}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]`);
  const duration = Number(p.get('DurationSeconds') ?? TOKEN_DURATION_DEFAULT);
  if (!Number.isInteger(duration) || duration < TOKEN_DURATION_MIN || duration > TOKEN_DURATION_MAX) {
    throw validationError(`1 validation error detected: Value '${p.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${TOKEN_DURATION_MIN} and ${TOKEN_DURATION_MAX}`);
  }
  const tags = checkedStsTags(p).passed;
  const context = {
    [KEY_IDENTITY_TOKEN_AUDIENCE]: audiences,
    [KEY_DURATION_SECONDS]: duration,
    [KEY_SIGNING_ALGORITHM]: alg,
    ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])),
    ...(tags.length > 0 ? { 'aws:TagKeys': tags.map((t) => t.Key) } : {}),
  };
  authorizeIdentity(ctx.rt.state, ctx.principal, GET_WEB_IDENTITY_TOKEN, '*', context);
  if (tags.length > 0) authorizeIdentity(ctx.rt.state, ctx.principal, TAG_GET_WEB_IDENTITY_TOKEN, '*', context);
  if (!ctx.account.federation.enabled) {
    throw new AwsApiError(403, 'OutboundWebIdentityFederationDisabledException', 'Outbound web identity federation is not enabled for this account. Enable it with iam:EnableOutboundWebIdentityFederation.');
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = now + duration;
  const sessionExp = ctx.principal.expiration;
  if (sessionExp && exp * 1000 > sessionExp.getTime()) {
    throw new AwsApiError(403, 'SessionDurationEscalationException', 'The requested token lifetime exceeds the remaining lifetime of the calling session.');
  }
  const role = ctx.principal.roleName !== undefined ? ctx.account.roles.get(ctx.principal.roleName) : undefined;
  const claims: Record<string, unknown> = {
    iss: issuerUrl(ctx.rt, ctx.account),
    aud: audiences.length === 1 ? audiences[0] : audiences,
    // For an assumed-role session the subject is the ROLE ARN (arn:aws:iam::ACCT:role/NAME), not the session ARN.
    sub: ctx.principal.roleArn ?? ctx.principal.arn,
    iat: now,
    exp,
    jti: randomUUID(),
    [AWS_CLAIMS_NAMESPACE]: {
      aws_account: ctx.account.id,
      source_region: ctx.region,
      ...(ctx.rt.orgId ? { org_id: ctx.rt.orgId } : {}),
      principal_tags: { ...(role ? Object.fromEntries(role.tags) : {}), ...(ctx.principal.sessionTags ?? {}) },
      ...(ctx.principal.sourceIdentity !== undefined ? { source_identity: ctx.principal.sourceIdentity } : {}),
      request_tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    },
  };
  const token = await oidc.sign(ctx.account.federation.issuerId, alg as 'RS256' | 'ES384', claims);
  if (token.length > 16384) throw new AwsApiError(400, 'JWTPayloadSizeExceededException', 'The token payload exceeds the maximum size.');
  return { WebIdentityToken: token, Expiration: new Date(exp * 1000).toISOString() };
}

/** Handle one STS request. */
export async function handleSts(ctx: RequestContext, oidc: OidcIssuers, onUnknown: (service: string, action: string) => void): Promise<void> {
  const p = queryRequestParams(ctx.req, ctx.body);
  const action = queryAction(p, '2011-06-15', (a) => {
    if (STS_ACTIONS.includes(a)) return true;
    onUnknown('sts', a);
    return false;
  });
  let result: XmlValue;
  switch (action) {
    case 'GetCallerIdentity':
      result = getCallerIdentity(ctx);
      break;
    case 'AssumeRole':
      result = assumeRole(ctx, p);
      break;
    case 'GetWebIdentityToken':
      result = await getWebIdentityToken(ctx, p, oidc);
      break;
    default:
      onUnknown('sts', action);
      throw new AwsApiError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
  }
  sendQueryResult(ctx.res, action, STS_NAMESPACE, result);
}
