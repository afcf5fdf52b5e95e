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
import { memberList, parseQueryBody, required, sendQueryResult, tagList, type XmlValue } from './query-protocol';
import type { RequestContext } from './request-context';
import type { Principal } from './state';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

type Params = ReturnType<typeof parseQueryBody>;

function getCallerIdentity(ctx: RequestContext): XmlValue {
  return { UserId: ctx.principal.userId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
}

function assumeRole(ctx: RequestContext, p: Params): XmlValue {
  const roleArn = required(p, 'RoleArn');
  const sessionName = required(p, 'RoleSessionName');
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw validationError(`1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  const externalId = p.get('ExternalId');
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) throw validationError(`1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and length 2-1224`);
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  const role = m ? ctx.rt.state.accounts.get(m[1])?.roles.get(m[2]) : undefined;
  if (!m || !role || role.arn !== roleArn) throw accessDenied(ctx.principal.arn, 'sts:AssumeRole', roleArn, 'the role does not exist or its trust policy does not allow it');
  const duration = Number(p.get('DurationSeconds') ?? 3600);
  if (!Number.isInteger(duration) || duration < 900 || duration > role.maxSessionDuration) {
    throw validationError(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role (or is below 900).`);
  }
  const tags = tagList(p);
  authorizeAssumeRole(ctx.principal, roleArn, JSON.parse(role.trustPolicy) as PolicyDocument, {
    ...(externalId !== undefined ? { [KEY_EXTERNAL_ID]: externalId } : {}),
    'sts:RoleSessionName': sessionName,
    ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])),
    ...(tags.length > 0 ? { 'aws:TagKeys': tags.map((t) => t.Key) } : {}),
  });
  const expiration = new Date(Date.now() + duration * 1000);
  const principal: Principal = {
    arn: `arn:aws:sts::${m[1]}:assumed-role/${role.name}/${sessionName}`,
    accountId: m[1],
    userId: `${role.roleId}:${sessionName}`,
    roleArn: role.arn,
    roleName: role.name,
    sessionName,
    expiration,
  };
  const key = ctx.rt.state.issueKey(principal, true);
  return {
    Credentials: { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, SessionToken: key.sessionToken, Expiration: expiration.toISOString() },
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
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
  const tags = tagList(p);
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
    throw new AwsApiError(400, 'OutboundWebIdentityFederationDisabledException', 'Outbound web identity federation is not enabled for this account. Enable it with iam:EnableOutboundWebIdentityFederation.');
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = now + duration;
  const sessionExp = ctx.principal.expiration;
  if (sessionExp && exp * 1000 > sessionExp.getTime()) {
    throw new AwsApiError(400, 'SessionDurationEscalationException', 'The requested token lifetime exceeds the remaining lifetime of the calling session.');
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
      principal_tags: role ? Object.fromEntries(role.tags) : {},
      request_tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    },
  };
  const token = await oidc.sign(ctx.account.federation.issuerId, alg as 'RS256' | 'ES384', claims);
  if (token.length > 16384) throw new AwsApiError(400, 'JWTPayloadSizeExceededException', 'The token payload exceeds the maximum size.');
  return { WebIdentityToken: token, Expiration: new Date(exp * 1000).toISOString() };
}

/** Handle one STS request. */
export async function handleSts(ctx: RequestContext, oidc: OidcIssuers, onUnknown: (service: string, action: string) => void): Promise<void> {
  const p = parseQueryBody(ctx.body.toString('utf8'));
  const action = p.get('Action') ?? '';
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
