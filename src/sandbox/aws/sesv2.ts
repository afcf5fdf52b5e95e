/**
 * SESv2 (restJson1 under /v2/email/): email identities with DKIM tokens and MAIL FROM, configuration
 * sets, tags, GetAccount, and SendEmail (simple and raw) with SES's checks: the caller's policies,
 * a verified sender, and verified recipients while the account is in the SES sandbox.
 */
import { matchRoute, RestRoute, routeOperation } from './rest-routes';
import { randomBytes, randomUUID } from 'node:crypto';
import { SES_SEND_ACTIONS } from '../../policy/constants';
import { AwsApiError } from './api-error';
import { authorizeIdentity } from './authorize';
import type { RequestContext } from './request-context';
import { parseJsonBody, sendJsonResult } from './rest-json';
import { sesRegion, type Account, type ConfigurationSet, type EmailIdentity, type SesRegion } from './state';

/** SES state of the request's region (the signing region): SES is regional. */
const ses = (ctx: RequestContext): SesRegion => sesRegion(ctx.account, ctx.region);

type Json = Record<string, unknown>;
type Handler = (ctx: RequestContext, m: RegExpExecArray, body: Json, query: URLSearchParams) => unknown;

const notFound = (what: string): AwsApiError => new AwsApiError(404, 'NotFoundException', what);
const badRequest = (what: string): AwsApiError => new AwsApiError(400, 'BadRequestException', what);

export function identityArn(region: string, account: string, name: string): string {
  return `arn:aws:ses:${region}:${account}:identity/${name}`;
}
export function configurationSetArn(region: string, account: string, name: string): string {
  return `arn:aws:ses:${region}:${account}:configuration-set/${name}`;
}

function tagsOf(v: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (v === undefined || v === null) return m;
  if (!Array.isArray(v)) throw badRequest('Tags must be a list of {Key, Value} objects.');
  for (const t of v as unknown[]) {
    const tag = t as { Key?: unknown; Value?: unknown } | null;
    if (tag === null || typeof tag !== 'object' || typeof tag.Key !== 'string' || tag.Key === '' || (tag.Value !== undefined && typeof tag.Value !== 'string')) throw badRequest('Each tag must be an object with a non-empty string Key and a string Value.');
    if (tag.Key.length > 128 || (typeof tag.Value === 'string' && tag.Value.length > 256)) throw badRequest('A tag key is 1-128 characters and a tag value 0-256.');
    m.set(tag.Key, typeof tag.Value === 'string' ? tag.Value : '');
  }
  if (m.size > 50) throw badRequest('A resource can have at most 50 tags.');
  return m;
}
const tagsJson = (m: Map<string, string>): Array<{ Key: string; Value: string }> => [...m].map(([Key, Value]) => ({ Key, Value }));

function str(body: Json, name: string, requiredField = true): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (requiredField) throw badRequest(`${name} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw badRequest(`${name} must be a string.`);
  return v;
}

function getIdentity(ctx: RequestContext, name: string): EmailIdentity {
  const i = ses(ctx).identities.get(name.toLowerCase());
  if (!i) throw notFound(`Email identity ${name} does not exist.`);
  return i;
}

function getConfigSet(ctx: RequestContext, name: string): ConfigurationSet {
  const c = ses(ctx).configurationSets.get(name);
  if (!c) throw notFound(`Configuration set <${name}> does not exist.`);
  return c;
}

/** MAIL FROM status: SUCCESS when the MX record of the MAIL FROM domain is in a Route 53 zone. */
function mailFromStatus(account: Account, domain: string): string {
  const fqdn = `${domain.toLowerCase()}.`;
  for (const z of account.zones.values()) for (const r of z.records.values()) if (r.name === fqdn && r.type === 'MX') return 'SUCCESS';
  return 'PENDING';
}

function identityJson(ctx: RequestContext, i: EmailIdentity): Json {
  return {
    IdentityType: i.type,
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: i.verified,
    VerificationStatus: i.verified ? 'SUCCESS' : 'PENDING',
    DkimAttributes:
      i.type === 'DOMAIN'
        ? {
            SigningEnabled: true,
            Status: i.verified ? 'SUCCESS' : 'PENDING',
            Tokens: [...i.dkimTokens],
            SigningAttributesOrigin: 'AWS_SES',
            NextSigningKeyLength: 'RSA_2048_BIT',
            CurrentSigningKeyLength: 'RSA_2048_BIT',
          }
        : { SigningEnabled: false, Status: 'NOT_STARTED', SigningAttributesOrigin: 'AWS_SES' },
    MailFromAttributes: i.mailFromDomain
      ? { MailFromDomain: i.mailFromDomain, MailFromDomainStatus: mailFromStatus(ctx.account, i.mailFromDomain), BehaviorOnMxFailure: i.behaviorOnMxFailure }
      : { MailFromDomain: '', MailFromDomainStatus: 'PENDING', BehaviorOnMxFailure: i.behaviorOnMxFailure },
    Policies: {},
    Tags: tagsJson(i.tags),
    ...(i.configurationSetName ? { ConfigurationSetName: i.configurationSetName } : {}),
  };
}

/** `Name <a@b>` → `a@b` */
export function bareAddress(s: string): string {
  const m = /<([^>]+)>/.exec(s);
  return (m ? m[1] : s).trim();
}

/** The verified identity that covers an address: the address itself, else its domain (or a parent domain). */
function coveringIdentity(account: SesRegion, address: string): EmailIdentity | undefined {
  const a = address.toLowerCase();
  const exact = account.identities.get(a);
  if (exact?.verified) return exact;
  let domain = a.split('@')[1] ?? '';
  while (domain.includes('.')) {
    const d = account.identities.get(domain);
    if (d?.verified && d.type === 'DOMAIN') return d;
    domain = domain.slice(domain.indexOf('.') + 1);
  }
  return undefined;
}

function rawHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head);
  return m ? m[1].trim() : undefined;
}

function addressList(v: unknown): string[] {
  return Array.isArray(v) ? (v as unknown[]).filter((x): x is string => typeof x === 'string') : [];
}

function sendEmail(ctx: RequestContext, body: Json): Json {
  const content = (body.Content ?? {}) as { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } }; Raw?: { Data?: string | Uint8Array }; Template?: unknown };
  if ([content.Simple, content.Raw, content.Template].filter((x) => x !== undefined && x !== null).length > 1) throw badRequest('Content must contain exactly one of Simple, Raw or Template.');
  const raw = content.Raw?.Data !== undefined ? Buffer.from(String(content.Raw.Data), 'base64').toString('utf8') : undefined;
  if (!content.Simple && raw === undefined) throw badRequest('Content must contain Simple, Raw or Template.');
  if (content.Simple && (!content.Simple.Subject || !content.Simple.Body)) throw badRequest('Simple content needs a Subject and a Body.');
  const dest = (body.Destination ?? {}) as Json;
  let to = addressList(dest.ToAddresses);
  let cc = addressList(dest.CcAddresses);
  const bcc = addressList(dest.BccAddresses);
  let from = typeof body.FromEmailAddress === 'string' ? body.FromEmailAddress : undefined;
  if (raw !== undefined) {
    from ??= rawHeader(raw, 'From');
    if (to.length + cc.length + bcc.length === 0) {
      to = (rawHeader(raw, 'To') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      cc = (rawHeader(raw, 'Cc') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    }
  }
  if (!from) throw badRequest('FromEmailAddress is required.');
  const recipients = [...to, ...cc, ...bcc];
  if (recipients.length === 0) throw badRequest('Destination must name at least one recipient.');
  // SES: at most 50 recipients across To, CC and BCC (the v1 InvalidParameterValue, v2 BadRequestException).
  if (recipients.length > 50) throw badRequest('Recipient count exceeds 50.');
  for (const a of [from, ...recipients]) if (!/^[^@\s<>]+@[^@\s<>]+$/.test(bareAddress(a))) throw badRequest(`Illegal address: ${bareAddress(a).slice(0, 320)} is not an email address (missing final '@domain').`);
  const fromAddress = bareAddress(from);
  const identity = coveringIdentity(ses(ctx), fromAddress);
  const action = raw !== undefined ? SES_SEND_ACTIONS[1] : SES_SEND_ACTIONS[0];
  const idArn = identityArn(ctx.region, ctx.account.id, identity ? identity.name : fromAddress);
  const configurationSetName = (typeof body.ConfigurationSetName === 'string' ? body.ConfigurationSetName : undefined) ?? identity?.configurationSetName;
  const context = { 'ses:FromAddress': fromAddress, 'ses:Recipients': recipients.map(bareAddress), 'ses:ApiVersion': '2' };
  authorizeIdentity(ctx.rt.state, ctx.principal, action, idArn, context);
  let configurationSet: ConfigurationSet | undefined;
  if (configurationSetName !== undefined) {
    configurationSet = getConfigSet(ctx, configurationSetName);
    authorizeIdentity(ctx.rt.state, ctx.principal, action, configurationSetArn(ctx.region, ctx.account.id, configurationSetName), context);
  }
  // BehaviorOnMxFailure REJECT_MESSAGE: with the MAIL FROM domain's MX record missing, SES refuses the send.
  if (identity?.mailFromDomain && identity.behaviorOnMxFailure === 'REJECT_MESSAGE' && mailFromStatus(ctx.account, identity.mailFromDomain) !== 'SUCCESS') {
    throw new AwsApiError(400, 'MailFromDomainNotVerifiedException', `The MAIL FROM domain ${identity.mailFromDomain} of ${identity.name} has no MX record, and its BehaviorOnMxFailure is REJECT_MESSAGE.`);
  }
  if (configurationSet && !configurationSet.sendingEnabled) throw new AwsApiError(400, 'SendingPausedException', `Sending is paused for configuration set ${configurationSet.name}.`);
  if (!identity) throw new AwsApiError(400, 'MessageRejected', `Email address is not verified. The following identities failed the check in region ${ctx.region.toUpperCase()}: ${fromAddress}`);
  if (!ses(ctx).productionAccess) {
    const unverified = recipients.map(bareAddress).filter((r) => !coveringIdentity(ses(ctx), r));
    if (unverified.length > 0) throw new AwsApiError(400, 'MessageRejected', `Email address is not verified. The following identities failed the check in region ${ctx.region.toUpperCase()}: ${unverified.join(', ')}`);
  }
  const messageId = `${randomBytes(8).toString('hex')}-${randomUUID()}-000000`;
  ctx.rt.state.sentEmails.push({
    messageId,
    from,
    to,
    cc,
    bcc,
    subject: content.Simple?.Subject?.Data ?? (raw !== undefined ? rawHeader(raw, 'Subject') : undefined),
    text: content.Simple?.Body?.Text?.Data,
    html: content.Simple?.Body?.Html?.Data,
    raw,
    configurationSetName,
    region: ctx.region,
    sentBy: ctx.principal.arn,
    timestamp: new Date().toISOString(),
  });
  return { MessageId: messageId };
}

/** Recipients sent to from this account and region in the last 24 hours (SES counts recipients, not messages). */
function sentLast24Hours(ctx: RequestContext): number {
  const since = Date.now() - 24 * 3600 * 1000;
  return ctx.rt.state.sentEmails
    .filter((e) => e.region === ctx.region && Date.parse(e.timestamp) >= since && e.sentBy.split(':')[4] === ctx.account.id)
    .reduce((n, e) => n + e.to.length + e.cc.length + e.bcc.length, 0);
}

function resourceTags(ctx: RequestContext, arn: string): Map<string, string> {
  const m = /^arn:aws:ses:[^:]*:(\d{12}):(identity|configuration-set)\/(.+)$/.exec(arn);
  if (!m || m[1] !== ctx.account.id) throw notFound(`Resource ${arn} does not exist.`);
  return m[2] === 'identity' ? getIdentity(ctx, m[3]).tags : getConfigSet(ctx, m[3]).tags;
}

function configSetJson(c: ConfigurationSet): Json {
  return {
    ConfigurationSetName: c.name,
    ...(c.tlsPolicy !== undefined || c.sendingPoolName ? { DeliveryOptions: { ...(c.tlsPolicy ? { TlsPolicy: c.tlsPolicy } : {}), ...(c.sendingPoolName ? { SendingPoolName: c.sendingPoolName } : {}) } } : {}),
    ReputationOptions: { ReputationMetricsEnabled: c.reputationMetricsEnabled },
    SendingOptions: { SendingEnabled: c.sendingEnabled },
    ...(c.suppressedReasons ? { SuppressionOptions: { SuppressedReasons: c.suppressedReasons } } : {}),
    Tags: tagsJson(c.tags),
  };
}

interface PageParams {
  readonly start: number;
  readonly size: number;
}

/** SESv2 list paging: PageSize 1–1000 (default 100), NextToken from the previous page. */
function pageParams(token: unknown, size: unknown): PageParams {
  const n = size === undefined || size === null ? 100 : Number(size);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw badRequest(`PageSize ${String(size)} must be a whole number from 1 to 1000.`);
  if (token === undefined || token === null || token === '') return { start: 0, size: n };
  const m = typeof token === 'string' ? /^page:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
  if (!m) throw new AwsApiError(400, 'BadRequestException', 'NextToken is not a token from a previous page of this list.');
  return { start: Number(m[1]), size: n };
}

function page<T>(items: readonly T[], p: PageParams): { items: T[]; NextToken?: string } {
  const next = p.start + p.size < items.length ? p.start + p.size : undefined;
  return { items: items.slice(p.start, p.start + p.size), ...(next !== undefined ? { NextToken: Buffer.from(`page:${next}`).toString('base64') } : {}) };
}

function listIdentities(ctx: RequestContext, p: PageParams): Json {
  const r = page([...ses(ctx).identities.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), p);
  return { EmailIdentities: r.items.map((i) => ({ IdentityType: i.type, IdentityName: i.name, SendingEnabled: true, VerificationStatus: i.verified ? 'SUCCESS' : 'PENDING' })), ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
}

function listConfigurationSets(ctx: RequestContext, p: PageParams): Json {
  const r = page([...ses(ctx).configurationSets.keys()].sort(), p);
  return { ConfigurationSets: r.items, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
}

const ROUTES: Array<RestRoute<Handler>> = [
  ['GET', /^\/v2\/email\/account$/, 'GetAccount', (ctx) => ({
    ProductionAccessEnabled: ses(ctx).productionAccess,
    SendingEnabled: true,
    EnforcementStatus: 'HEALTHY',
    DedicatedIpAutoWarmupEnabled: false,
    SendQuota: { Max24HourSend: ses(ctx).productionAccess ? 50000 : 200, MaxSendRate: ses(ctx).productionAccess ? 14 : 1, SentLast24Hours: sentLast24Hours(ctx) },
  })],
  ['POST', /^\/v2\/email\/outbound-emails$/, 'SendEmail', (ctx, _m, body) => sendEmail(ctx, body)],
  ['POST', /^\/v2\/email\/identities$/, 'CreateEmailIdentity', (ctx, _m, body) => {
    const name = (str(body, 'EmailIdentity') ?? '').toLowerCase();
    if (ses(ctx).identities.has(name)) throw new AwsApiError(400, 'AlreadyExistsException', `Email identity ${name} already exist.`);
    const type = name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN';
    const domainPart = type === 'DOMAIN' ? name : name.slice(name.lastIndexOf('@') + 1);
    if (!/^([a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainPart)) throw badRequest(`Invalid domain name ${domainPart}.`);
    if (type === 'EMAIL_ADDRESS' && !/^[^@\s<>]{1,64}@[^@]+$/.test(name)) throw badRequest(`Invalid email address ${name}.`);
    const cs = str(body, 'ConfigurationSetName', false);
    if (cs !== undefined) getConfigSet(ctx, cs);
    const identity: EmailIdentity = {
      name,
      type,
      dkimTokens: type === 'DOMAIN' ? [0, 1, 2].map(() => randomBytes(16).toString('hex')) : [],
      verified: false,
      behaviorOnMxFailure: 'USE_DEFAULT_VALUE',
      ...(cs !== undefined ? { configurationSetName: cs } : {}),
      tags: tagsOf(body.Tags),
    };
    ses(ctx).identities.set(name, identity);
    ctx.rt.refreshVerification();
    const j = identityJson(ctx, identity);
    return { IdentityType: j.IdentityType, VerifiedForSendingStatus: j.VerifiedForSendingStatus, DkimAttributes: j.DkimAttributes };
  }],
  ['GET', /^\/v2\/email\/identities$/, 'ListEmailIdentities', (ctx, _m, _b, q) => listIdentities(ctx, pageParams(q.get('NextToken'), q.get('PageSize')))],
  // Newer SDKs (e.g. @aws-sdk/client-sesv2 3.11xx) send the list operations as POST with a JSON body.
  ['POST', /^\/v2\/email\/list-identities$/, 'ListEmailIdentities', (ctx, _m, body) => listIdentities(ctx, pageParams(body.NextToken, body.PageSize))],
  ['GET', /^\/v2\/email\/identities\/([^/]+)$/, 'GetEmailIdentity', (ctx, m) => identityJson(ctx, getIdentity(ctx, decodeURIComponent(m[1])))],
  ['DELETE', /^\/v2\/email\/identities\/([^/]+)$/, 'DeleteEmailIdentity', (ctx, m) => {
    const i = getIdentity(ctx, decodeURIComponent(m[1]));
    ses(ctx).identities.delete(i.name);
    return {};
  }],
  ['PUT', /^\/v2\/email\/identities\/([^/]+)\/mail-from$/, 'PutEmailIdentityMailFromAttributes', (ctx, m, body) => {
    const i = getIdentity(ctx, decodeURIComponent(m[1]));
    const d = str(body, 'MailFromDomain', false);
    if (d !== undefined && !d.toLowerCase().endsWith(`.${i.name.split('@').pop() ?? ''}`)) throw badRequest(`MAIL FROM domain ${d} must be a subdomain of ${i.name}.`);
    const behavior = str(body, 'BehaviorOnMxFailure', false) ?? 'USE_DEFAULT_VALUE';
    if (behavior !== 'USE_DEFAULT_VALUE' && behavior !== 'REJECT_MESSAGE') throw badRequest(`BehaviorOnMxFailure ${behavior} is not one of USE_DEFAULT_VALUE, REJECT_MESSAGE.`);
    i.mailFromDomain = d?.toLowerCase();
    i.behaviorOnMxFailure = behavior;
    return {};
  }],
  ['PUT', /^\/v2\/email\/identities\/([^/]+)\/configuration-set$/, 'PutEmailIdentityConfigurationSetAttributes', (ctx, m, body) => {
    const i = getIdentity(ctx, decodeURIComponent(m[1]));
    const cs = str(body, 'ConfigurationSetName', false);
    if (cs !== undefined) getConfigSet(ctx, cs);
    i.configurationSetName = cs;
    return {};
  }],
  ['PUT', /^\/v2\/email\/identities\/([^/]+)\/(feedback|dkim|dkim\/signing)$/, 'PutEmailIdentityAttributes', (ctx, m) => {
    getIdentity(ctx, decodeURIComponent(m[1]));
    return {};
  }],
  ['POST', /^\/v2\/email\/configuration-sets$/, 'CreateConfigurationSet', (ctx, _m, body) => {
    const name = str(body, 'ConfigurationSetName') ?? '';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw badRequest(`Configuration set name ${name} must be 1-64 characters of A-Z a-z 0-9 _ -.`);
    if (ses(ctx).configurationSets.has(name)) throw new AwsApiError(400, 'AlreadyExistsException', `Configuration set <${name}> already exists.`);
    const o = body as { DeliveryOptions?: { TlsPolicy?: string; SendingPoolName?: string }; ReputationOptions?: { ReputationMetricsEnabled?: boolean }; SendingOptions?: { SendingEnabled?: boolean }; SuppressionOptions?: { SuppressedReasons?: string[] } };
    const tls = o.DeliveryOptions?.TlsPolicy;
    if (tls !== undefined && tls !== 'REQUIRE' && tls !== 'OPTIONAL') throw badRequest(`TlsPolicy ${String(tls)} is not one of REQUIRE, OPTIONAL.`);
    for (const r of o.SuppressionOptions?.SuppressedReasons ?? []) if (r !== 'BOUNCE' && r !== 'COMPLAINT') throw badRequest(`SuppressedReasons ${String(r)} is not one of BOUNCE, COMPLAINT.`);
    ses(ctx).configurationSets.set(name, {
      name,
      tags: tagsOf(body.Tags),
      sendingEnabled: o.SendingOptions?.SendingEnabled ?? true,
      reputationMetricsEnabled: o.ReputationOptions?.ReputationMetricsEnabled ?? false,
      tlsPolicy: o.DeliveryOptions ? (o.DeliveryOptions.TlsPolicy ?? 'OPTIONAL') : undefined,
      sendingPoolName: o.DeliveryOptions?.SendingPoolName,
      suppressedReasons: o.SuppressionOptions?.SuppressedReasons,
    });
    return {};
  }],
  ['GET', /^\/v2\/email\/configuration-sets$/, 'ListConfigurationSets', (ctx, _m, _b, q) => listConfigurationSets(ctx, pageParams(q.get('NextToken'), q.get('PageSize')))],
  ['POST', /^\/v2\/email\/list-configuration-sets$/, 'ListConfigurationSets', (ctx, _m, body) => listConfigurationSets(ctx, pageParams(body.NextToken, body.PageSize))],
  ['GET', /^\/v2\/email\/configuration-sets\/([^/]+)$/, 'GetConfigurationSet', (ctx, m) => configSetJson(getConfigSet(ctx, decodeURIComponent(m[1])))],
  ['DELETE', /^\/v2\/email\/configuration-sets\/([^/]+)$/, 'DeleteConfigurationSet', (ctx, m) => {
    const c = getConfigSet(ctx, decodeURIComponent(m[1]));
    ses(ctx).configurationSets.delete(c.name);
    return {};
  }],
  ['PUT', /^\/v2\/email\/configuration-sets\/([^/]+)\/(sending|reputation-options|delivery-options|suppression-options|tracking-options|vdm-options)$/, 'PutConfigurationSetOptions', (ctx, m, body) => {
    const c = getConfigSet(ctx, decodeURIComponent(m[1]));
    if (m[2] === 'sending') c.sendingEnabled = body.SendingEnabled !== false;
    if (m[2] === 'reputation-options') c.reputationMetricsEnabled = body.ReputationMetricsEnabled === true;
    if (m[2] === 'delivery-options') {
      c.tlsPolicy = typeof body.TlsPolicy === 'string' ? body.TlsPolicy : 'OPTIONAL';
      c.sendingPoolName = typeof body.SendingPoolName === 'string' ? body.SendingPoolName : undefined;
    }
    if (m[2] === 'suppression-options') c.suppressedReasons = addressList(body.SuppressedReasons);
    return {};
  }],
  ['GET', /^\/v2\/email\/tags$/, 'ListTagsForResource', (ctx, _m, _b, q) => ({ Tags: tagsJson(resourceTags(ctx, q.get('ResourceArn') ?? '')) })],
  ['POST', /^\/v2\/email\/tags$/, 'TagResource', (ctx, _m, body) => {
    const tags = resourceTags(ctx, str(body, 'ResourceArn') ?? '');
    for (const [k, v] of tagsOf(body.Tags)) tags.set(k, v);
    return {};
  }],
  ['DELETE', /^\/v2\/email\/tags$/, 'UntagResource', (ctx, _m, _b, q) => {
    const tags = resourceTags(ctx, q.get('ResourceArn') ?? '');
    for (const k of q.getAll('TagKeys')) tags.delete(k);
    return {};
  }],
];

/** Operation name of a SESv2 request (for faults and discovery). */
export function sesOperation(method: string, path: string): string {
  return routeOperation(ROUTES, method, path);
}

export function handleSes(ctx: RequestContext, onUnknown: (service: string, operation: string) => void): void {
  const url = new URL(ctx.req.url ?? '/', 'http://sandbox');
  const method = ctx.req.method ?? 'GET';
  const route = matchRoute(ROUTES, method, url);
  if (route) {
    if (route.operation !== 'SendEmail') authorizeIdentity(ctx.rt.state, ctx.principal, `ses:${route.operation}`, '*');
    sendJsonResult(ctx.res, route.handler(ctx, route.match, method === 'GET' || method === 'DELETE' ? {} : parseJsonBody(ctx.body), route.query));
    return;
  }
  onUnknown('ses', `${method} ${url.pathname}`);
  throw new AwsApiError(404, 'NotFoundException', `The sandbox does not implement ${method} ${url.pathname}.`);
}
