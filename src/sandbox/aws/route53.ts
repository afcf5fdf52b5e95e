/** Route 53 (restXml under /2013-04-01/): hosted zones, record sets, changes and tags. */
import { matchRoute, RestRoute, routeOperation } from './rest-routes';
import { AwsApiError } from './api-error';
import { authorizeIdentity } from './authorize';
import { xmlEscape } from './query-protocol';
import type { RequestContext } from './request-context';
import { ROUTE53_NAMESPACE, child, childText, parseXml, sendXmlResult, type XmlElement } from './rest-xml';
import { randomId, type Account, type HostedZone, type ResourceRecordSet } from './state';

const noSuchZone = (id: string): AwsApiError => new AwsApiError(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
const invalidInput = (m: string): AwsApiError => new AwsApiError(400, 'InvalidInput', m);

/** Lower-case, trailing dot, `\052` → `*`. */
export function fqdn(name: string): string {
  const n = name.trim().toLowerCase().replace(/\\052/g, '*');
  return n.endsWith('.') ? n : `${n}.`;
}

const recordKey = (r: { name: string; type: string; setIdentifier?: string }): string => `${r.name}|${r.type}|${r.setIdentifier ?? ''}`;

function zoneId(raw: string): string {
  return decodeURIComponent(raw).replace(/^\/?hostedzone\//, '');
}

function getZone(account: Account, raw: string): HostedZone {
  const id = zoneId(raw);
  const z = account.zones.get(id);
  if (!z) throw noSuchZone(id);
  return z;
}

function zoneXml(z: HostedZone): string {
  return `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${xmlEscape(z.name)}</Name><CallerReference>${xmlEscape(z.callerReference)}</CallerReference><Config>${z.comment ? `<Comment>${xmlEscape(z.comment)}</Comment>` : ''}<PrivateZone>${z.privateZone}</PrivateZone></Config><ResourceRecordSetCount>${z.records.size}</ResourceRecordSetCount></HostedZone>`;
}

function delegationXml(z: HostedZone): string {
  return `<DelegationSet><NameServers>${z.nameServers.map((n) => `<NameServer>${n}</NameServer>`).join('')}</NameServers></DelegationSet>`;
}

function changeInfoXml(id: string): string {
  return `<ChangeInfo><Id>/change/${id}</Id><Status>INSYNC</Status><SubmittedAt>${new Date().toISOString()}</SubmittedAt></ChangeInfo>`;
}

function recordXml(r: ResourceRecordSet): string {
  return `<ResourceRecordSet><Name>${xmlEscape(r.name)}</Name><Type>${r.type}</Type>${r.setIdentifier ? `<SetIdentifier>${xmlEscape(r.setIdentifier)}</SetIdentifier>` : ''}${r.ttl !== undefined ? `<TTL>${r.ttl}</TTL>` : ''}<ResourceRecords>${r.values.map((v) => `<ResourceRecord><Value>${xmlEscape(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`;
}

/** Route 53's order: by name with labels reversed, then type. */
function sortKey(name: string, type: string): string {
  return `${name.split('.').reverse().join('.')}\u0000${type}`;
}

function createZone(ctx: RequestContext): void {
  const req = child(parseXml(ctx.body.toString('utf8')), 'CreateHostedZoneRequest');
  const name = fqdn(childText(req, 'Name') ?? '');
  const callerReference = childText(req, 'CallerReference') ?? '';
  if (name === '.' || !callerReference) throw invalidInput('Name and CallerReference are required.');
  for (const z of ctx.account.zones.values()) if (z.callerReference === callerReference) throw new AwsApiError(409, 'HostedZoneAlreadyExists', `A hosted zone has already been created with the specified caller reference.`);
  const config = child(req, 'HostedZoneConfig');
  const id = randomId('Z', 20);
  const ns = [1, 2, 3, 4].map((i) => `ns-${i}.sandbox-awsdns.test`);
  const zone: HostedZone = { id, name, callerReference, comment: childText(config, 'Comment') ?? '', privateZone: childText(config, 'PrivateZone') === 'true' || child(req, 'VPC') !== undefined, records: new Map(), tags: new Map(), nameServers: ns };
  const soa: ResourceRecordSet = { name, type: 'SOA', ttl: 900, values: [`${ns[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] };
  const nsRec: ResourceRecordSet = { name, type: 'NS', ttl: 172800, values: ns.map((n) => `${n}.`) };
  zone.records.set(recordKey(soa), soa);
  zone.records.set(recordKey(nsRec), nsRec);
  ctx.account.zones.set(id, zone);
  ctx.res.setHeader('location', `${ctx.rt.endpoint()}/2013-04-01/hostedzone/${id}`);
  sendXmlResult(ctx.res, `<CreateHostedZoneResponse xmlns="${ROUTE53_NAMESPACE}">${zoneXml(zone)}${ctx.rt.route53OmitChangeInfo ? '' : changeInfoXml(randomId('C', 20))}${delegationXml(zone)}</CreateHostedZoneResponse>`, 201);
}

function parseRecord(el: XmlElement | undefined): ResourceRecordSet {
  const rrs = child(el, 'ResourceRecordSet');
  const name = childText(rrs, 'Name');
  const type = childText(rrs, 'Type');
  if (!name || !type) throw invalidInput('ResourceRecordSet needs Name and Type.');
  if (child(rrs, 'AliasTarget')) throw invalidInput('The sandbox does not support alias records.');
  const ttl = childText(rrs, 'TTL');
  const values = (child(rrs, 'ResourceRecords')?.children ?? []).map((rr) => childText(rr, 'Value') ?? '');
  const setIdentifier = childText(rrs, 'SetIdentifier');
  return { name: fqdn(name), type: type.toUpperCase(), ...(ttl !== undefined ? { ttl: Number(ttl) } : {}), values, ...(setIdentifier ? { setIdentifier } : {}) };
}

function changeRecords(ctx: RequestContext, zone: HostedZone): void {
  const batch = child(child(parseXml(ctx.body.toString('utf8')), 'ChangeResourceRecordSetsRequest'), 'ChangeBatch');
  const changes = child(batch, 'Changes')?.children ?? [];
  const next = new Map(zone.records);
  const errors: string[] = [];
  for (const c of changes) {
    const action = childText(c, 'Action');
    const r = parseRecord(c);
    if (r.name !== zone.name && !r.name.endsWith(`.${zone.name}`)) {
      errors.push(`RRSet with DNS name ${r.name} is not permitted in zone ${zone.name}`);
      continue;
    }
    const k = recordKey(r);
    if (action === 'CREATE') {
      if (next.has(k)) errors.push(`Tried to create resource record set [name='${r.name}', type='${r.type}'] but it already exists`);
      else next.set(k, r);
    } else if (action === 'UPSERT') {
      next.set(k, r);
    } else if (action === 'DELETE') {
      const cur = next.get(k);
      if (!cur) errors.push(`Tried to delete resource record set [name='${r.name}', type='${r.type}'] but it was not found`);
      else if (cur.ttl !== r.ttl || cur.values.join('\n') !== r.values.join('\n')) errors.push(`Tried to delete resource record set [name='${r.name}', type='${r.type}'] but the values provided do not match the current values`);
      else next.delete(k);
    } else {
      errors.push(`Unknown action ${String(action)}`);
    }
  }
  if (errors.length > 0) throw new AwsApiError(400, 'InvalidChangeBatch', `[${errors.join(', ')}]`);
  zone.records.clear();
  for (const [k, v] of next) zone.records.set(k, v);
  ctx.rt.refreshVerification();
  sendXmlResult(ctx.res, `<ChangeResourceRecordSetsResponse xmlns="${ROUTE53_NAMESPACE}">${ctx.rt.route53OmitChangeInfo ? '' : changeInfoXml(randomId('C', 20))}</ChangeResourceRecordSetsResponse>`);
}

function listRecords(ctx: RequestContext, zone: HostedZone, q: URLSearchParams): void {
  const max = Math.min(Number(q.get('maxitems') ?? 300) || 300, 300);
  const startName = q.get('name');
  const startType = q.get('type');
  const sorted = [...zone.records.values()].sort((a, b) => (sortKey(a.name, a.type) < sortKey(b.name, b.type) ? -1 : 1));
  const start = startName ? sortKey(fqdn(startName), startType ?? '') : '';
  const from = sorted.filter((r) => sortKey(r.name, r.type) >= start);
  const page = from.slice(0, max);
  const more = from.length > max ? from[max] : undefined;
  sendXmlResult(
    ctx.res,
    `<ListResourceRecordSetsResponse xmlns="${ROUTE53_NAMESPACE}"><ResourceRecordSets>${page.map(recordXml).join('')}</ResourceRecordSets><IsTruncated>${more !== undefined}</IsTruncated>${more ? `<NextRecordName>${xmlEscape(more.name)}</NextRecordName><NextRecordType>${more.type}</NextRecordType>` : ''}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`,
  );
}

function tagsXml(tags: Map<string, string>): string {
  return `<Tags>${[...tags].map(([k, v]) => `<Tag><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></Tag>`).join('')}</Tags>`;
}

type Route = RestRoute<(ctx: RequestContext, m: RegExpExecArray, q: URLSearchParams) => void>;

const ROUTES: Route[] = [
  ['POST', /^\/2013-04-01\/hostedzone\/?$/, 'CreateHostedZone', (ctx) => createZone(ctx)],
  ['GET', /^\/2013-04-01\/hostedzone\/?$/, 'ListHostedZones', (ctx) =>
    sendXmlResult(ctx.res, `<ListHostedZonesResponse xmlns="${ROUTE53_NAMESPACE}"><HostedZones>${[...ctx.account.zones.values()].map(zoneXml).join('')}</HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>`)],
  ['GET', /^\/2013-04-01\/hostedzonesbyname\/?$/, 'ListHostedZonesByName', (ctx, _m, q) => {
    const dns = q.get('dnsname');
    const zones = [...ctx.account.zones.values()].filter((z) => !dns || z.name === fqdn(dns));
    sendXmlResult(ctx.res, `<ListHostedZonesByNameResponse xmlns="${ROUTE53_NAMESPACE}"><HostedZones>${zones.map(zoneXml).join('')}</HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesByNameResponse>`);
  }],
  ['GET', /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/, 'ListResourceRecordSets', (ctx, m, q) => listRecords(ctx, getZone(ctx.account, m[1]), q)],
  ['POST', /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/, 'ChangeResourceRecordSets', (ctx, m) => changeRecords(ctx, getZone(ctx.account, m[1]))],
  ['GET', /^\/2013-04-01\/hostedzone\/([^/]+)\/dnssec\/?$/, 'GetDNSSEC', (ctx, m) => {
    getZone(ctx.account, m[1]);
    sendXmlResult(ctx.res, `<GetDNSSECResponse xmlns="${ROUTE53_NAMESPACE}"><Status><ServeSignature>NOT_SIGNING</ServeSignature></Status><KeySigningKeys></KeySigningKeys></GetDNSSECResponse>`);
  }],
  ['GET', /^\/2013-04-01\/hostedzone\/([^/]+)$/, 'GetHostedZone', (ctx, m) => {
    const z = getZone(ctx.account, m[1]);
    sendXmlResult(ctx.res, `<GetHostedZoneResponse xmlns="${ROUTE53_NAMESPACE}">${zoneXml(z)}${delegationXml(z)}</GetHostedZoneResponse>`);
  }],
  ['POST', /^\/2013-04-01\/hostedzone\/([^/]+)$/, 'UpdateHostedZoneComment', (ctx, m) => {
    const z = getZone(ctx.account, m[1]);
    z.comment = childText(child(parseXml(ctx.body.toString('utf8')), 'UpdateHostedZoneCommentRequest'), 'Comment') ?? '';
    sendXmlResult(ctx.res, `<UpdateHostedZoneCommentResponse xmlns="${ROUTE53_NAMESPACE}">${zoneXml(z)}</UpdateHostedZoneCommentResponse>`);
  }],
  ['DELETE', /^\/2013-04-01\/hostedzone\/([^/]+)$/, 'DeleteHostedZone', (ctx, m) => {
    const z = getZone(ctx.account, m[1]);
    if ([...z.records.values()].some((r) => !(r.name === z.name && (r.type === 'SOA' || r.type === 'NS')))) {
      throw new AwsApiError(400, 'HostedZoneNotEmpty', 'The hosted zone contains resource records that are not SOA or NS records.');
    }
    ctx.account.zones.delete(z.id);
    ctx.rt.refreshVerification();
    sendXmlResult(ctx.res, `<DeleteHostedZoneResponse xmlns="${ROUTE53_NAMESPACE}">${ctx.rt.route53OmitChangeInfo ? '' : changeInfoXml(randomId('C', 20))}</DeleteHostedZoneResponse>`);
  }],
  ['GET', /^\/2013-04-01\/change\/([^/]+)$/, 'GetChange', (ctx, m) =>
    sendXmlResult(ctx.res, `<GetChangeResponse xmlns="${ROUTE53_NAMESPACE}">${changeInfoXml(decodeURIComponent(m[1]).replace(/^\/?change\//, ''))}</GetChangeResponse>`)],
  ['GET', /^\/2013-04-01\/tags\/hostedzone\/([^/]+)$/, 'ListTagsForResource', (ctx, m) => {
    const z = getZone(ctx.account, m[1]);
    sendXmlResult(ctx.res, `<ListTagsForResourceResponse xmlns="${ROUTE53_NAMESPACE}"><ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>${z.id}</ResourceId>${tagsXml(z.tags)}</ResourceTagSet></ListTagsForResourceResponse>`);
  }],
  ['POST', /^\/2013-04-01\/tags\/hostedzone\/([^/]+)$/, 'ChangeTagsForResource', (ctx, m) => {
    const z = getZone(ctx.account, m[1]);
    const req = child(parseXml(ctx.body.toString('utf8')), 'ChangeTagsForResourceRequest');
    for (const t of child(req, 'AddTags')?.children ?? []) z.tags.set(childText(t, 'Key') ?? '', childText(t, 'Value') ?? '');
    for (const k of child(req, 'RemoveTagKeys')?.children ?? []) z.tags.delete(k.text.trim());
    sendXmlResult(ctx.res, `<ChangeTagsForResourceResponse xmlns="${ROUTE53_NAMESPACE}"/>`);
  }],
];

export function route53Operation(method: string, path: string): string {
  return routeOperation(ROUTES, method, path);
}

export function handleRoute53(ctx: RequestContext, onUnknown: (service: string, operation: string) => void): void {
  const url = new URL(ctx.req.url ?? '/', 'http://sandbox');
  const method = ctx.req.method ?? 'GET';
  const route = matchRoute(ROUTES, method, url);
  if (route) {
    authorizeIdentity(ctx.rt.state, ctx.principal, `route53:${route.operation}`, '*');
    route.handler(ctx, route.match, route.query);
    return;
  }
  onUnknown('route53', `${method} ${url.pathname}`);
  throw new AwsApiError(400, 'InvalidInput', `The sandbox does not implement ${method} ${url.pathname}.`);
}
