/** IAM (awsQuery, Version 2010-05-08): roles, inline and managed policies, attachments, outbound federation. */
import { AwsApiError } from './api-error';
import { authorizeIdentity } from './authorize';
import { issuerUrl } from './oidc';
import { checkAttachQuota, checkDescription, checkedTagKeys, checkedTags, checkInlinePoliciesSize, checkManagedPolicySize, checkName, checkPath, checkTrustPolicySize } from './iam-limits';
import { checkPolicyDocument } from './policy-grammar';
import { queryAction, queryRequestParams, required, sendQueryResult, type QueryParams, type XmlValue } from './query-protocol';
import type { RequestContext } from './request-context';
import { findManagedPolicy, randomId, type ManagedPolicy, type Role } from './state';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

const noSuchEntity = (what: string): AwsApiError => new AwsApiError(404, 'NoSuchEntity', what);

function tagsXml(tags: Map<string, string>): XmlValue {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
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

function policyXml(p: ManagedPolicy, attachments: number, boundaryUses = 0): XmlValue {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: boundaryUses,
    IsAttachable: true,
    Description: p.description,
    CreateDate: p.createDate.toISOString(),
    UpdateDate: p.updateDate.toISOString(),
    Tags: p.tags.size > 0 ? tagsXml(p.tags) : undefined,
  };
}

function applyTags(target: Map<string, string>, p: QueryParams, resource: 'Role' | 'Policy' = 'Role'): void {
  // Tag keys are case-insensitive in IAM: a key in another case replaces the tag.
  for (const t of checkedTags(p, target, resource)) {
    for (const k of [...target.keys()]) if (k.toLowerCase() === t.Key.toLowerCase()) target.delete(k);
    target.set(t.Key, t.Value);
  }
}

function removeTags(target: Map<string, string>, p: QueryParams): void {
  const gone = new Set(checkedTagKeys(p).map((k) => k.toLowerCase()));
  for (const k of [...target.keys()]) if (gone.has(k.toLowerCase())) target.delete(k);
}

type Handler = (ctx: RequestContext, p: QueryParams) => XmlValue;

/** MaxSessionDuration: 3600–43200 seconds (the IAM API's range), ValidationError otherwise. */
function maxSessionDuration(p: QueryParams): number | undefined {
  const raw = p.get('MaxSessionDuration');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw)) throw new AwsApiError(400, 'ValidationError', `1 validation error detected: Value '${raw}' at 'maxSessionDuration' failed to satisfy constraint: Member must be a whole number of seconds`);
  if (n < 3600) throw new AwsApiError(400, 'ValidationError', `1 validation error detected: Value '${raw}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600`);
  if (n > 43200) throw new AwsApiError(400, 'ValidationError', `1 validation error detected: Value '${raw}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200`);
  return n;
}

/**
 * IAM list paging: MaxItems 1–1000 (default 100), an opaque Marker from the previous page;
 * IsTruncated and Marker in the result when more items follow.
 */
function paged<T>(p: QueryParams, items: readonly T[], key: string, render: (t: T) => XmlValue, extra: Record<string, XmlValue> = {}): XmlValue {
  const rawMax = p.get('MaxItems');
  const max = rawMax === undefined ? 100 : Number(rawMax);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsApiError(400, 'ValidationError', `1 validation error detected: Value '${rawMax}' at 'maxItems' failed to satisfy constraint: Member must have value ${max < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
  }
  const marker = p.get('Marker');
  let start = 0;
  if (marker !== undefined) {
    const m = /^([0-9]+)\.([0-9a-f]{8})$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
    start = m ? Number(m[1]) : -1;
    if (!m || start > items.length || m[2] !== markerCheck(items.length, start)) throw new AwsApiError(400, 'ValidationError', `Invalid Marker: ${marker.slice(0, 64)} is not a marker from a previous page of this list; start again without Marker.`);
  }
  const page = items.slice(start, start + max);
  const next = start + max < items.length ? start + max : undefined;
  return { ...extra, [key]: page.map(render), IsTruncated: next !== undefined, Marker: next !== undefined ? Buffer.from(`${next}.${markerCheck(items.length, next)}`).toString('base64') : undefined };
}

/** A short check over the list size and offset, so a marker is refused once the list changed under it. */
function markerCheck(total: number, offset: number): string {
  return ((total * 2654435761 + offset * 40503) >>> 0).toString(16).padStart(8, '0');
}

const byName = <T extends { name: string }>(xs: Iterable<T>): T[] => [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** A permissions boundary must name an existing managed policy (customer or AWS managed). */
function boundaryArn(ctx: RequestContext, arn: string): string {
  checkPolicyArn(arn);
  if (!findManagedPolicy(ctx.rt.state, arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  return arn;
}

function getRole(ctx: RequestContext, name: string): Role {
  const r = ctx.account.roles.get(name);
  if (!r) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return r;
}

/** A policy ARN: 20–2048 characters (arnType, ValidationError), an IAM policy ARN (InvalidInput "ARN … is not valid."). */
function checkPolicyArn(arn: string): void {
  if (arn.length < 20 || arn.length > 2048) throw new AwsApiError(400, 'ValidationError', `1 validation error detected: Value '${arn.slice(0, 128)}' at 'policyArn' failed to satisfy constraint: Member must have length between 20 and 2048`);
  if (!/^arn:aws:iam::(\d{12}|aws):policy\/.+/.test(arn)) throw new AwsApiError(400, 'InvalidInput', `ARN ${arn} is not valid.`);
}

function getPolicy(ctx: RequestContext, arn: string): ManagedPolicy {
  checkPolicyArn(arn);
  const pol = findManagedPolicy(ctx.rt.state, arn);
  if (!pol) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return pol;
}

function attachmentCount(ctx: RequestContext, arn: string): number {
  let n = 0;
  for (const r of ctx.account.roles.values()) if (r.attached.has(arn)) n++;
  return n;
}

function boundaryUseCount(ctx: RequestContext, arn: string): number {
  let n = 0;
  for (const r of ctx.account.roles.values()) if (r.permissionsBoundary === arn) n++;
  return n;
}

function normPath(p: QueryParams, kind: 'role' | 'policy' = 'role'): string {
  return checkPath(p.get('Path') ?? '/', kind);
}

const handlers: Record<string, Handler> = {
  CreateRole(ctx, p) {
    const name = required(p, 'RoleName');
    checkName(name, 'roleName', 64);
    if ([...ctx.account.roles.keys()].some((n) => n.toLowerCase() === name.toLowerCase())) throw new AwsApiError(409, 'EntityAlreadyExists', `Role with name ${name} already exists.`);
    const path = normPath(p);
    const role: Role = {
      name,
      path,
      arn: `arn:aws:iam::${ctx.account.id}:role${path}${name}`,
      roleId: randomId('AROA', 17),
      createDate: new Date(),
      trustPolicy: checkTrustPolicySize(checkPolicyDocument(required(p, 'AssumeRolePolicyDocument'), 'trust')),
      description: checkDescription(p.get('Description')),
      maxSessionDuration: maxSessionDuration(p) ?? 3600,
      ...(p.get('PermissionsBoundary') ? { permissionsBoundary: boundaryArn(ctx, p.get('PermissionsBoundary') ?? '') } : {}),
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
    // ListRoles leaves out tags, the boundary and last use (GetRole has them).
    return paged(p, byName(ctx.account.roles.values()).filter((r) => r.path.startsWith(prefix)), 'Roles', (r) => ({ ...(roleXml(r) as Record<string, XmlValue>), Tags: undefined, PermissionsBoundary: undefined, RoleLastUsed: undefined }));
  },
  UpdateRole(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    if (p.has('Description')) r.description = checkDescription(p.get('Description')) || undefined;
    const max = maxSessionDuration(p);
    if (max !== undefined) r.maxSessionDuration = max;
    return {};
  },
  UpdateRoleDescription(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    r.description = checkDescription(p.get('Description')) || undefined;
    return { Role: roleXml(r) };
  },
  UpdateAssumeRolePolicy(ctx, p) {
    getRole(ctx, required(p, 'RoleName')).trustPolicy = checkTrustPolicySize(checkPolicyDocument(required(p, 'PolicyDocument'), 'trust'));
    return {};
  },
  PutRolePermissionsBoundary(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    r.permissionsBoundary = boundaryArn(ctx, required(p, 'PermissionsBoundary'));
    return {};
  },
  DeleteRolePermissionsBoundary(ctx, p) {
    getRole(ctx, required(p, 'RoleName')).permissionsBoundary = undefined;
    return {};
  },
  DeleteRole(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    if (r.inline.size > 0) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    if (r.attached.size > 0) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
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
    return paged(p, [...getRole(ctx, required(p, 'RoleName')).tags], 'Tags', ([Key, Value]) => ({ Key, Value }));
  },
  ListInstanceProfilesForRole(ctx, p) {
    getRole(ctx, required(p, 'RoleName'));
    return paged(p, [], 'InstanceProfiles', () => '');
  },
  PutRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const name = checkName(required(p, 'PolicyName'), 'policyName', 128);
    const doc = checkPolicyDocument(required(p, 'PolicyDocument'), 'identity');
    checkInlinePoliciesSize(r.name, r.inline, name, doc);
    r.inline.set(name, doc);
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
    return paged(p, [...getRole(ctx, required(p, 'RoleName')).inline.keys()].sort(), 'PolicyNames', (n) => n);
  },
  AttachRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    checkAttachQuota(r.attached, pol.arn);
    r.attached.add(pol.arn);
    return {};
  },
  DetachRolePolicy(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    const arn = required(p, 'PolicyArn');
    checkPolicyArn(arn);
    if (!r.attached.delete(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    return {};
  },
  ListAttachedRolePolicies(ctx, p) {
    const r = getRole(ctx, required(p, 'RoleName'));
    return paged(p, [...r.attached], 'AttachedPolicies', (arn) => ({ PolicyName: findManagedPolicy(ctx.rt.state, arn)?.name ?? arn.split('/').pop(), PolicyArn: arn }));
  },
  CreatePolicy(ctx, p) {
    const name = checkName(required(p, 'PolicyName'), 'policyName', 128);
    const path = normPath(p, 'policy');
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
      description: checkDescription(p.get('Description')),
      defaultVersionId: 'v1',
      nextVersion: 2,
      versions: [{ versionId: 'v1', document: checkManagedPolicySize(checkPolicyDocument(required(p, 'PolicyDocument'), 'identity')), createDate: now }],
      tags: new Map(),
    };
    applyTags(pol.tags, p, 'Policy');
    ctx.account.policies.set(arn, pol);
    return { Policy: policyXml(pol, 0) };
  },
  ListPolicies(ctx, p) {
    const scope = p.get('Scope') ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(scope)) throw new AwsApiError(400, 'ValidationError', `1 validation error detected: Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`);
    const prefix = p.get('PathPrefix') ?? '/';
    const onlyAttached = p.get('OnlyAttached') === 'true';
    const usage = p.get('PolicyUsageFilter');
    const aws = ctx.rt.state.accounts.get('aws');
    const pools = [...(scope !== 'AWS' ? ctx.account.policies.values() : []), ...(scope !== 'Local' && aws ? aws.policies.values() : [])];
    const list = byName(pools).filter((pol) => {
      if (!pol.path.startsWith(prefix)) return false;
      const attached = attachmentCount(ctx, pol.arn) > 0;
      const boundary = boundaryUseCount(ctx, pol.arn) > 0;
      if (onlyAttached && !attached && !boundary) return false;
      if (usage === 'PermissionsPolicy' && !attached && onlyAttached) return false;
      if (usage === 'PermissionsBoundary' && !boundary && onlyAttached) return false;
      return true;
    });
    return paged(p, list, 'Policies', (pol) => {
      const x = policyXml(pol, attachmentCount(ctx, pol.arn), boundaryUseCount(ctx, pol.arn)) as Record<string, XmlValue>;
      return { ...x, Description: undefined, Tags: undefined };
    });
  },
  GetPolicy(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    return { Policy: policyXml(pol, attachmentCount(ctx, pol.arn), boundaryUseCount(ctx, pol.arn)) };
  },
  DeletePolicy(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    if (attachmentCount(ctx, pol.arn) > 0) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete a policy attached to entities.');
    if (boundaryUseCount(ctx, pol.arn) > 0) throw new AwsApiError(409, 'DeleteConflict', 'Cannot delete a policy used as a permissions boundary: remove it from the roles first (DeleteRolePermissionsBoundary).');
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
    return paged(p, [...pol.versions].reverse(), 'Versions', (v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === pol.defaultVersionId, CreateDate: v.createDate.toISOString() }));
  },
  CreatePolicyVersion(ctx, p) {
    const pol = getPolicy(ctx, required(p, 'PolicyArn'));
    if (pol.versions.length >= 5) throw new AwsApiError(409, 'LimitExceeded', 'A managed policy can have up to 5 versions.');
    const v = { versionId: `v${pol.nextVersion++}`, document: checkManagedPolicySize(checkPolicyDocument(required(p, 'PolicyDocument'), 'identity')), createDate: new Date() };
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
    applyTags(getPolicy(ctx, required(p, 'PolicyArn')).tags, p, 'Policy');
    return {};
  },
  UntagPolicy(ctx, p) {
    removeTags(getPolicy(ctx, required(p, 'PolicyArn')).tags, p);
    return {};
  },
  ListPolicyTags(ctx, p) {
    return paged(p, [...getPolicy(ctx, required(p, 'PolicyArn')).tags], 'Tags', ([Key, Value]) => ({ Key, Value }));
  },
  ListEntitiesForPolicy(ctx, p) {
    const arn = getPolicy(ctx, required(p, 'PolicyArn')).arn;
    const filter = p.get('EntityFilter');
    const usage = p.get('PolicyUsageFilter');
    const roles = byName(ctx.account.roles.values()).filter((r) => (usage === 'PermissionsBoundary' ? r.permissionsBoundary === arn : usage === 'PermissionsPolicy' ? r.attached.has(arn) : r.attached.has(arn) || r.permissionsBoundary === arn));
    return paged(p, filter === undefined || filter === 'Role' ? roles : [], 'PolicyRoles', (r) => ({ RoleName: r.name, RoleId: r.roleId }), { PolicyUsers: [], PolicyGroups: [] });
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
  const action = queryAction(p, '2010-05-08', (a) => {
    if (Object.prototype.hasOwnProperty.call(handlers, a)) return true;
    onUnknown('iam', a);
    return false;
  });
  const handler = handlers[action];
  authorizeIdentity(ctx.rt.state, ctx.principal, `iam:${action}`, '*');
  sendQueryResult(ctx.res, action, IAM_NAMESPACE, handler(ctx, p));
}
