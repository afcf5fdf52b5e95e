/** IAM (awsQuery, Version 2010-05-08): roles, inline and managed policies, attachments, outbound federation. */
import { AwsApiError } from './api-error';
import { authorizeIdentity } from './authorize';
import { issuerUrl } from './oidc';
import { memberList, queryRequestParams, required, sendQueryResult, tagList, type QueryParams, type XmlValue } from './query-protocol';
import type { RequestContext } from './request-context';
import { findManagedPolicy, randomId, type ManagedPolicy, type Role } from './state';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

const noSuchEntity = (what: string): AwsApiError => new AwsApiError(404, 'NoSuchEntity', what);

function tagsXml(tags: Map<string, string>): XmlValue {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

function checkPolicyJson(doc: string): string {
  try {
    const parsed = JSON.parse(doc) as { Statement?: unknown };
    if (parsed === null || typeof parsed !== 'object' || parsed.Statement === undefined) throw new Error('no Statement');
  } catch {
    throw new AwsApiError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  return doc;
}

function roleXml(r: Role): XmlValue {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: r.createDate.toISOString(),
    AssumeRolePolicyDocument: encodeURIComponent(r.trustPolicy),
    Description: r.description,
    MaxSessionDuration: r.maxSessionDuration,
    PermissionsBoundary: r.permissionsBoundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundary } : undefined,
    Tags: r.tags.size > 0 ? tagsXml(r.tags) : undefined,
    RoleLastUsed: {},
  };
}

function policyXml(p: ManagedPolicy, attachments: number): XmlValue {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: p.description,
    CreateDate: p.createDate.toISOString(),
    UpdateDate: p.updateDate.toISOString(),
    Tags: p.tags.size > 0 ? tagsXml(p.tags) : undefined,
  };
}

function applyTags(target: Map<string, string>, p: QueryParams): void {
  for (const t of tagList(p)) target.set(t.Key, t.Value);
}

function removeTags(target: Map<string, string>, p: QueryParams): void {
  for (const k of memberList(p, 'TagKeys')) target.delete(k);
}

type Handler = (ctx: RequestContext, p: QueryParams) => XmlValue;

function getRole(ctx: RequestContext, name: string): Role {
  const r = ctx.account.roles.get(name);
  if (!r) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return r;
}

function getPolicy(ctx: RequestContext, arn: string): ManagedPolicy {
  const pol = findManagedPolicy(ctx.rt.state, arn);
  if (!pol) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return pol;
}

function attachmentCount(ctx: RequestContext, arn: string): number {
  let n = 0;
  for (const r of ctx.account.roles.values()) if (r.attached.has(arn)) n++;
  return n;
}

function normPath(p: QueryParams): string {
  const path = p.get('Path') ?? '/';
  if (!/^\/([\x21-\x7e]+\/)?$/.test(path)) throw new AwsApiError(400, 'ValidationError', `Path ${path} must begin and end with /`);
  return path;
}

const handlers: Record<string, Handler> = {
  CreateRole(ctx, p) {
    const name = required(p, 'RoleName');
    if (!/^[\w+=,.@-]{1,64}$/.test(name)) throw new AwsApiError(400, 'ValidationError', `RoleName ${name} must match [\\w+=,.@-]{1,64}`);
    if (ctx.account.roles.has(name)) throw new AwsApiError(409, 'EntityAlreadyExists', `Role with name ${name} already exists.`);
    const path = normPath(p);
    const role: Role = {
      name,
      path,
      arn: `arn:aws:iam::${ctx.account.id}:role${path}${name}`,
      roleId: randomId('AROA', 17),
      createDate: new Date(),
      trustPolicy: checkPolicyJson(required(p, 'AssumeRolePolicyDocument')),
      description: p.get('Description'),
      maxSessionDuration: Number(p.get('MaxSessionDuration') ?? 3600),
      permissionsBoundary: p.get('PermissionsBoundary'),
      tags: new Map(),
      inline: new Map(),
      attached: new Set(),
    };
    applyTags(role.tags, p);
    ctx.account.roles.set(name, role);
    return { Role: roleXml(role) };
  },
  GetRole(ctx, p) {
    return { Role: roleXml(getRole(ctx, required(p, 'RoleName'))) };
  },
  ListRoles(ctx, p) {
    const prefix = p.get('PathPrefix') ?? '/';
    return { Roles: [...ctx.account.roles.values()].filter((r) => r.path.startsWith(prefix)).map(roleXml), IsTruncated: false };
  },
  UpdateRole(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    if (p.has('Description')) r.description = p.get('Description') || undefined;
    if (p.has('MaxSessionDuration')) r.maxSessionDuration = Number(p.get('MaxSessionDuration'));
    return {};
  },
  UpdateRoleDescription(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    r.description = p.get('Description') || undefined;
    return { Role: roleXml(r) };
  },
  UpdateAssumeRolePolicy(ctx, p) {
    getRole(ctx, required(p, 'RoleName')).trustPolicy = checkPolicyJson(required(p, 'PolicyDocument'));
    return {};
  },
  PutRolePermissionsBoundary(ctx, p) {
    getRole(ctx, required(p, 'RoleName')).permissionsBoundary = required(p, 'PermissionsBoundary');
    return {};
  },
  DeleteRolePermissionsBoundary(ctx, p) {
    getRole(ctx, required(p, 'RoleName')).permissionsBoundary = undefined;
    return {};
  },
  DeleteRole(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    if (r.inline.size > 0 || r.attached.size > 0) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    ctx.account.roles.delete(r.name);
    return {};
  },
  TagRole(ctx, p) {
    applyTags(getRole(ctx, required(p, 'RoleName')).tags, p);
    return {};
  },
  UntagRole(ctx, p) {
    removeTags(getRole(ctx, required(p, 'RoleName')).tags, p);
    return {};
  },
  ListRoleTags(ctx, p) {
    return { Tags: tagsXml(getRole(ctx, required(p, 'RoleName')).tags), IsTruncated: false };
  },
  ListInstanceProfilesForRole(ctx, p) {
    getRole(ctx, required(p, 'RoleName'));
    return { InstanceProfiles: [], IsTruncated: false };
  },
  PutRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    r.inline.set(required(p, 'PolicyName'), checkPolicyJson(required(p, 'PolicyDocument')));
    return {};
  },
  GetRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const name = required(p, 'PolicyName');
    const doc = r.inline.get(name);
    if (doc === undefined) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
    return { RoleName: r.name, PolicyName: name, PolicyDocument: encodeURIComponent(doc) };
  },
  DeleteRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const name = required(p, 'PolicyName');
    if (!r.inline.delete(name)) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
    return {};
  },
  ListRolePolicies(ctx, p) {
    return { PolicyNames: [...getRole(ctx, required(p, 'RoleName')).inline.keys()], IsTruncated: false };
  },
  AttachRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    r.attached.add(pol.arn);
    return {};
  },
  DetachRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const arn = required(p, 'PolicyArn');
    if (!r.attached.delete(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    return {};
  },
  ListAttachedRolePolicies(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    return {
      AttachedPolicies: [...r.attached].map((arn) => ({ PolicyName: findManagedPolicy(ctx.rt.state, arn)?.name ?? arn.split('/').pop(), PolicyArn: arn })),
      IsTruncated: false,
    };
  },
  CreatePolicy(ctx, p) {
    const name = required(p, 'PolicyName');
    const path = normPath(p);
    const arn = `arn:aws:iam::${ctx.account.id}:policy${path}${name}`;
    if (ctx.account.policies.has(arn)) throw new AwsApiError(409, 'EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`);
    const now = new Date();
    const pol: ManagedPolicy = {
      name,
      path,
      arn,
      policyId: randomId('ANPA', 17),
      createDate: now,
      updateDate: now,
      description: p.get('Description'),
      defaultVersionId: 'v1',
      nextVersion: 2,
      versions: [{ versionId: 'v1', document: checkPolicyJson(required(p, 'PolicyDocument')), createDate: now }],
      tags: new Map(),
    };
    applyTags(pol.tags, p);
    ctx.account.policies.set(arn, pol);
    return { Policy: policyXml(pol, 0) };
  },
  GetPolicy(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    return { Policy: policyXml(pol, attachmentCount(ctx, pol.arn)) };
  },
  DeletePolicy(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    if (attachmentCount(ctx, pol.arn) > 0) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete a policy attached to entities.');
    ctx.account.policies.delete(pol.arn);
    return {};
  },
  GetPolicyVersion(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    const id = required(p, 'VersionId');
    const v = pol.versions.find((x) => x.versionId === id);
    if (!v) throw noSuchEntity(`Policy ${pol.arn} version ${id} does not exist.`);
    return { PolicyVersion: { Document: encodeURIComponent(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === pol.defaultVersionId, CreateDate: v.createDate.toISOString() } };
  },
  ListPolicyVersions(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    return {
      Versions: [...pol.versions].reverse().map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === pol.defaultVersionId, CreateDate: v.createDate.toISOString() })),
      IsTruncated: false,
    };
  },
  CreatePolicyVersion(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    if (pol.versions.length >= 5) throw new AwsApiError(409, 'LimitExceeded', 'A managed policy can have up to 5 versions.');
    const v = { versionId: `v${pol.nextVersion++}`, document: checkPolicyJson(required(p, 'PolicyDocument')), createDate: new Date() };
    pol.versions.push(v);
    if (p.get('SetAsDefault') === 'true') pol.defaultVersionId = v.versionId;
    pol.updateDate = new Date();
    return { PolicyVersion: { VersionId: v.versionId, IsDefaultVersion: v.versionId === pol.defaultVersionId, CreateDate: v.createDate.toISOString() } };
  },
  DeletePolicyVersion(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    const id = required(p, 'VersionId');
    if (id === pol.defaultVersionId) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete the default version of a policy.');
    const i = pol.versions.findIndex((v) => v.versionId === id);
    if (i < 0) throw noSuchEntity(`Policy version ${id} does not exist.`);
    pol.versions.splice(i, 1);
    return {};
  },
  SetDefaultPolicyVersion(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    const id = required(p, 'VersionId');
    if (!pol.versions.some((v) => v.versionId === id)) throw noSuchEntity(`Policy version ${id} does not exist.`);
    pol.defaultVersionId = id;
    return {};
  },
  TagPolicy(ctx, p) {
    applyTags(getPolicy(ctx, required(p, 'PolicyArn')).tags, p);
    return {};
  },
  UntagPolicy(ctx, p) {
    removeTags(getPolicy(ctx, required(p, 'PolicyArn')).tags, p);
    return {};
  },
  ListPolicyTags(ctx, p) {
    return { Tags: tagsXml(getPolicy(ctx, required(p, 'PolicyArn')).tags), IsTruncated: false };
  },
  ListEntitiesForPolicy(ctx, p) {
    const arn = getPolicy(ctx, required(p, 'PolicyArn')).arn;
    const roles = [...ctx.account.roles.values()].filter((r) => r.attached.has(arn)).map((r) => ({ RoleName: r.name, RoleId: r.roleId }));
    return { PolicyRoles: roles, PolicyUsers: [], PolicyGroups: [], IsTruncated: false };
  },
  GetUser(ctx, p) {
    const name = p.get('UserName');
    const arn = name ? `arn:aws:iam::${ctx.account.id}:user/${name}` : ctx.principal.arn;
    if (!arn.includes(':user/') || (name && !ctx.account.userPolicies.has(arn))) throw noSuchEntity(`The user with name ${name ?? ctx.principal.arn} cannot be found.`);
    return { User: { Path: '/', UserName: arn.split('/').pop(), UserId: ctx.principal.userId, Arn: arn, CreateDate: new Date(0).toISOString() } };
  },
  EnableOutboundWebIdentityFederation(ctx) {
    if (ctx.account.federation.enabled) throw new AwsApiError(409, 'FeatureEnabled', 'Outbound web identity federation is already enabled for this account.');
    ctx.account.federation.enabled = true;
    return { IssuerIdentifier: issuerUrl(ctx.rt, ctx.account) };
  },
  GetOutboundWebIdentityFederationInfo(ctx) {
    if (!ctx.account.federation.enabled) throw new AwsApiError(404, 'FeatureDisabled', 'Outbound web identity federation is disabled for this account.');
    return { IssuerIdentifier: issuerUrl(ctx.rt, ctx.account), JwtVendingEnabled: true };
  },
  DisableOutboundWebIdentityFederation(ctx) {
    if (!ctx.account.federation.enabled) throw new AwsApiError(404, 'FeatureDisabled', 'Outbound web identity federation is already disabled for this account.');
    ctx.account.federation.enabled = false;
    return {};
  },
};

export const IAM_ACTIONS: readonly string[] = Object.keys(handlers);

/** Handle one IAM request; unknown actions are reported (so terraform's calls can be discovered). */
export function handleIam(ctx: RequestContext, onUnknown: (service: string, action: string) => void): void {
  const p = queryRequestParams(ctx.req, ctx.body);
  const action = p.get('Action') ?? '';
  const handler = handlers[action];
  if (!handler) {
    onUnknown('iam', action);
    throw new AwsApiError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
  }
  authorizeIdentity(ctx.rt.state, ctx.principal, `iam:${action}`, '*');
  sendQueryResult(ctx.res, action, IAM_NAMESPACE, handler(ctx, p));
}
