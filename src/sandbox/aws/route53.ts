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

/** Lower-case, trailing dot, octal escapes (`\052` → `*`) decoded. */
export function fqdn(name: string): string {
  const n = name.trim().toLowerCase().replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return n.endsWith('.') ? n : `${n}.`;
}

/**
 * A name as Route 53 returns it: characters other than a-z, 0-9, `-`, `_` and `.` as a backslash
 * and three octal digits, so a wildcard `*.example.com.` is listed as `\052.example.com.`.
 */
export function dnsNameOut(name: string): string {
  return name.replace(/[^a-z0-9_.-]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/**
 * The character-strings of a TXT/SPF value as Route 53 reads it: quoted strings (`"a" "b"`, with
 * `\"`, `\\` and `\ddd` escapes) or one unquoted word. Returns an error text in Route 53's words, or
 * the strings.
 */
export function txtCharacterStrings(value: string): string[] | string {
  const v = value.trim();
  if (!v.startsWith('"')) {
    if (/\s/.test(v)) return 'InvalidCharacterString (Value should be enclosed in quotation marks)';
    return [v];
  }
  const out: string[] = [];
  let i = 0;
  while (i < v.length) {
    if (v[i] === ' ' || v[i] === '\t') {
      i++;
      continue;
    }
    if (v[i] !== '"') return 'InvalidCharacterString (Value should be enclosed in quotation marks)';
    let cur = '';
    i++;
    let closed = false;
    while (i < v.length) {
      const c = v[i];
      if (c === '\\') {
        const oct = /^[0-7]{3}/.exec(v.slice(i + 1, i + 4));
        if (oct) {
          cur += String.fromCharCode(parseInt(oct[0], 8));
          i += 4;
        } else {
          cur += v[i + 1] ?? '';
          i += 2;
        }
      } else if (c === '"') {
        closed = true;
        i++;
        break;
      } else {
        cur += c;
        i++;
      }
    }
    if (!closed) return 'InvalidCharacterString (Value should be enclosed in quotation marks)';
    out.push(cur);
  }
  return out;
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
  return `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${xmlEscape(dnsNameOut(z.name))}</Name><CallerReference>${xmlEscape(z.callerReference)}</CallerReference><Config>${z.comment ? `<Comment>${xmlEscape(z.comment)}</Comment>` : ''}<PrivateZone>${z.privateZone}</PrivateZone></Config><ResourceRecordSetCount>${z.records.size}</ResourceRecordSetCount></HostedZone>`;
}

function delegationXml(z: HostedZone): string {
  return `<DelegationSet><NameServers>${z.nameServers.map((n) => `<NameServer>${n}</NameServer>`).join('')}</NameServers></DelegationSet>`;
}

/**
 * A ChangeInfo: a new change id (`C` + 20) is remembered so GetChange finds it; an id never issued is
 * NoSuchChange (404). Status is INSYNC at once (the sandbox's records are served as soon as they
 * change; AWS reports PENDING until propagation, which clients wait out with GetChange).
 */
function newChangeXml(account: Account): string {
  const id = randomId('C', 20);
  const at = new Date();
  account.changes.set(id, at);
  return changeInfoXml(id, at);
}

function changeInfoXml(id: string, at: Date): string {
  return `<ChangeInfo><Id>/change/${id}</Id><Status>INSYNC</Status><SubmittedAt>${at.toISOString()}</SubmittedAt></ChangeInfo>`;
}

function recordXml(r: ResourceRecordSet): string {
  return `<ResourceRecordSet><Name>${xmlEscape(dnsNameOut(r.name))}</Name><Type>${r.type}</Type>${r.setIdentifier ? `<SetIdentifier>${xmlEscape(r.setIdentifier)}</SetIdentifier>` : ''}${r.ttl !== undefined ? `<TTL>${r.ttl}</TTL>` : ''}<ResourceRecords>${r.values.map((v) => `<ResourceRecord><Value>${xmlEscape(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`;
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
  if (callerReference.length > 128) throw invalidInput(`1 validation error detected: Value '${callerReference.slice(0, 64)}...' at 'callerReference' failed to satisfy constraint: Member must have length less than or equal to 128`);
  if (!validZoneName(name)) throw new AwsApiError(400, 'InvalidDomainName', `${childText(req, 'Name') ?? ''} is not a valid domain name: a hosted zone name is at most 255 characters of labels (1-63 characters each) and needs at least two labels.`);
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
  sendXmlResult(ctx.res, `<CreateHostedZoneResponse xmlns="${ROUTE53_NAMESPACE}">${zoneXml(zone)}${ctx.rt.route53OmitChangeInfo ? '' : newChangeXml(ctx.account)}${delegationXml(zone)}</CreateHostedZoneResponse>`, 201);
}

/** A hosted zone name: labels of 1–63 characters (letters, digits, `-`, `_`, or `\ddd` escapes), 255 at most, not a bare TLD. */
function validZoneName(name: string): boolean {
  const labels = name.slice(0, -1).split('.');
  return name.length <= 255 && labels.length >= 2 && labels.every((l) => l.length >= 1 && l.length <= 63 && /^[a-z0-9_-]+$/.test(l) && !l.startsWith('-') && !l.endsWith('-'));
}

/**
 * What Route 53 checks in each value of a record set (its "Invalid Resource Record: 'FATAL problem: …'"
 * messages): A an IPv4 address, AAAA an IPv6 address, MX `priority host`, CNAME exactly one value,
 * no value twice, no value over 4,000 characters.
 */
function valueErrors(r: ResourceRecordSet): string[] {
  const errors: string[] = [];
  const fatal = (problem: string, value: string): string => `Invalid Resource Record: 'FATAL problem: ${problem} encountered with '${value.length > 64 ? `${value.slice(0, 64)}...` : value}''`;
  if (r.type === 'CNAME' && r.values.length > 1) errors.push(`RRSet of type CNAME with DNS name ${dnsNameOut(r.name)} has more than one resource record: a CNAME has exactly one value`);
  const seen = new Set<string>();
  for (const v of r.values) {
    if (v.length > 4000) errors.push(fatal('Value is too long', v));
    else if (r.type === 'A' && !isIPv4(v)) errors.push(fatal('ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)', v));
    else if (r.type === 'AAAA' && !isIPv6(v)) errors.push(fatal('AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)', v));
    else if (r.type === 'MX' && !/^\d{1,5}\s+\S+$/.test(v.trim())) errors.push(fatal('MXRRDATANotTwoFields (Value should contain exactly two fields: priority and domain name)', v));
    else if (r.type === 'MX' && Number(v.trim().split(/\s+/)[0]) > 65535) errors.push(fatal('MXRRDATAPriorityOutOfRange (Priority must be 0-65535)', v));
    if (seen.has(v)) errors.push(`Duplicate Resource Record: '${v.length > 64 ? `${v.slice(0, 64)}...` : v}'`);
    seen.add(v);
  }
  return errors;
}

function isIPv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(v: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(v) || (v.match(/::/g) ?? []).length > 1) return false;
  const [head, tail] = v.includes('::') ? v.split('::') : [v, undefined];
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const all = [...groups(head), ...groups(tail)];
  const last = all[all.length - 1] ?? '';
  const v4 = last.includes('.');
  if (v4 && !isIPv4(last)) return false;
  const hex = v4 ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const width = hex.length + (v4 ? 2 : 0);
  return tail === undefined ? width === 8 : width < 8;
}

/** The record types Route 53 accepts (RRType in the service model). */
const RECORD_TYPES = ['SOA', 'A', 'TXT', 'NS', 'CNAME', 'MX', 'NAPTR', 'PTR', 'SRV', 'SPF', 'AAAA', 'CAA', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS'];

function parseRecord(el: XmlElement | undefined): ResourceRecordSet {
  const rrs = child(el, 'ResourceRecordSet');
  const name = childText(rrs, 'Name');
  const type = childText(rrs, 'Type');
  if (!name || !type) throw invalidInput('ResourceRecordSet needs Name and Type.');
  if (child(rrs, 'AliasTarget')) throw invalidInput('The sandbox does not support alias records.');
  if (!RECORD_TYPES.includes(type.toUpperCase())) throw invalidInput(`Invalid XML ; cvc-enumeration-valid: Value '${type}' is not facet-valid with respect to enumeration '[${RECORD_TYPES.join(', ')}]'.`);
  const ttl = childText(rrs, 'TTL');
  if (ttl !== undefined && (!/^\d{1,10}$/.test(ttl) || Number(ttl) > 2147483647)) throw invalidInput(`Invalid XML ; TTL ${ttl} must be a whole number of seconds from 0 to 2147483647.`);
  const records = child(rrs, 'ResourceRecords')?.children ?? [];
  if (ttl === undefined || records.length === 0) throw invalidInput('Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=' + (childText(el, 'Action') ?? '') + ', Name=' + name + ', Type=' + type + ', SetIdentifier=null]');
  const values = records.map((rr) => childText(rr, 'Value') ?? '');
  const setIdentifier = childText(rrs, 'SetIdentifier');
  return { name: fqdn(name), type: type.toUpperCase(), ...(ttl !== undefined ? { ttl: Number(ttl) } : {}), values, ...(setIdentifier ? { setIdentifier } : {}) };
}

function changeRecords(ctx: RequestContext, zone: HostedZone): void {
  const batch = child(child(parseXml(ctx.body.toString('utf8')), 'ChangeResourceRecordSetsRequest'), 'ChangeBatch');
  const changes = child(batch, 'Changes')?.children ?? [];
  const next = new Map(zone.records);
  const errors: string[] = [];
  const touched: string[] = [];
  const batchKeys = new Map<string, string>();
  if (changes.length === 0) throw invalidInput('1 validation error detected: Value at changeBatch.changes failed to satisfy constraint: Member must have length greater than or equal to 1');
  for (const c of changes) {
    const action = childText(c, 'Action');
    const r = parseRecord(c);
    const long = r.name.length > 255 ? 'DomainNameTooLong (Domain name is too long)' : r.name.split('.').some((l) => l.length > 63) ? 'DomainLabelTooLong (Domain label is too long)' : undefined;
    if (long) {
      errors.push(`Invalid Resource Record: 'FATAL problem: ${long} encountered with '${r.name.slice(0, 64)}...''`);
      continue;
    }
    if (r.name !== zone.name && !r.name.endsWith(`.${zone.name}`)) {
      errors.push(`RRSet with DNS name ${r.name} is not permitted in zone ${zone.name}`);
      continue;
    }
    const k = recordKey(r);
    // One change per record set in a batch, except a DELETE followed by its re-CREATE (a replacement).
    const before = batchKeys.get(k);
    if (before !== undefined && !(before === 'DELETE' && action === 'CREATE')) {
      errors.push(`The request contains an invalid set of changes for a resource record set '${r.type} ${dnsNameOut(r.name)}'`);
      continue;
    }
    batchKeys.set(k, String(action));
    if (action === 'CREATE' || action === 'UPSERT') {
      const bad = valueErrors(r);
      if (bad.length > 0) {
        errors.push(...bad);
        continue;
      }
      touched.push(k);
    }
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
  errors.push(...recordSetErrors(zone, next, touched));
  // The zone's own SOA and NS record sets can be changed but never removed.
  for (const t of ['SOA', 'NS']) if (![...next.values()].some((r) => r.name === zone.name && r.type === t)) errors.push(`A HostedZone must contain ${t === 'SOA' ? 'exactly one SOA record' : 'at least one NS record'} for the zone itself.`);
  if (errors.length > 0) throw new AwsApiError(400, 'InvalidChangeBatch', `[${errors.join(', ')}]`);
  zone.records.clear();
  for (const [k, v] of next) zone.records.set(k, v);
  ctx.rt.refreshVerification();
  sendXmlResult(ctx.res, `<ChangeResourceRecordSetsResponse xmlns="${ROUTE53_NAMESPACE}">${ctx.rt.route53OmitChangeInfo ? '' : newChangeXml(ctx.account)}</ChangeResourceRecordSetsResponse>`);
}

/**
 * What Route 53 refuses in the records a batch creates or upserts: a CNAME at the zone apex, a
 * CNAME beside any other record of the same name (RFC 1034 §3.6.2), and a TXT/SPF character-string
 * over 255 bytes (or an unquoted value with spaces).
 */
function recordSetErrors(zone: HostedZone, next: Map<string, ResourceRecordSet>, touched: readonly string[]): string[] {
  const errors: string[] = [];
  for (const k of new Set(touched)) {
    const r = next.get(k);
    if (!r) continue;
    if (r.type === 'CNAME' && r.name === zone.name) {
      errors.push(`RRSet of type CNAME with DNS name ${dnsNameOut(r.name)} is not permitted at apex in zone ${dnsNameOut(zone.name)}`);
      continue;
    }
    const others = [...next.values()].filter((o) => o.name === r.name && (r.type === 'CNAME' ? o.type !== 'CNAME' : o.type === 'CNAME'));
    if (others.length > 0) errors.push(`RRSet of type ${r.type} with DNS name ${dnsNameOut(r.name)} is not permitted as it conflicts with other records with the same DNS name in zone ${dnsNameOut(zone.name)}`);
    if (r.type === 'TXT' || r.type === 'SPF') {
      for (const value of r.values) {
        const strings = txtCharacterStrings(value);
        const problem = typeof strings === 'string' ? strings : strings.some((x) => Buffer.byteLength(x, 'latin1') > 255) ? 'CharacterStringTooLong (Value is too long)' : undefined;
        if (problem) errors.push(`Invalid Resource Record: 'FATAL problem: ${problem} encountered with '${value.length > 64 ? `${value.slice(0, 64)}...` : value}''`);
      }
    }
  }
  return errors;
}

function listRecords(ctx: RequestContext, zone: HostedZone, q: URLSearchParams): void {
  const rawMax = q.get('maxitems');
  if (rawMax !== null && !/^\d{1,10}$/.test(rawMax)) throw invalidInput(`1 validation error detected: Value '${rawMax.slice(0, 64)}' at 'maxItems' failed to satisfy constraint: Member must be a whole number`);
  const max = Math.min(Number(rawMax ?? 300) || 300, 300);
  const startName = q.get('name');
  const startType = q.get('type');
  if (startType !== null && startName === null) throw invalidInput('The input is not valid: if you specify type, you must also specify name (StartRecordName).');
  if (startType !== null && !RECORD_TYPES.includes(startType)) throw invalidInput(`1 validation error detected: Value '${startType.slice(0, 16)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${RECORD_TYPES.join(', ')}]`);
  const sorted = [...zone.records.values()].sort((a, b) => (sortKey(a.name, a.type) < sortKey(b.name, b.type) ? -1 : 1));
  const start = startName ? sortKey(fqdn(startName), startType ?? '') : '';
  const from = sorted.filter((r) => sortKey(r.name, r.type) >= start);
  const page = from.slice(0, max);
  const more = from.length > max ? from[max] : undefined;
  sendXmlResult(
    ctx.res,
    `<ListResourceRecordSetsResponse xmlns="${ROUTE53_NAMESPACE}"><ResourceRecordSets>${page.map(recordXml).join('')}</ResourceRecordSets><IsTruncated>${more !== undefined}</IsTruncated>${more ? `<NextRecordName>${xmlEscape(dnsNameOut(more.name))}</NextRecordName><NextRecordType>${more.type}</NextRecordType>` : ''}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`,
  );
}

/** maxitems of the zone lists: 1–100, default 100. */
function zoneMaxItems(q: URLSearchParams): number {
  const raw = q.get('maxitems');
  if (raw === null) return 100;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1) throw invalidInput(`1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must be a whole number from 1 to 100`);
  return Math.min(n, 100);
}

/** ListHostedZones: in creation order, paged by marker (the next zone's id). */
function listZones(ctx: RequestContext, q: URLSearchParams): void {
  const max = zoneMaxItems(q);
  const zones = [...ctx.account.zones.values()];
  const marker = q.get('marker');
  const start = marker === null ? 0 : zones.findIndex((z) => z.id === zoneId(marker));
  if (start < 0) throw new AwsApiError(400, 'InvalidPaginationToken', `The marker ${marker ?? ''} is not the id of a hosted zone from a previous page.`);
  const page = zones.slice(start, start + max);
  const next = zones[start + max];
  sendXmlResult(
    ctx.res,
    `<ListHostedZonesResponse xmlns="${ROUTE53_NAMESPACE}"><HostedZones>${page.map(zoneXml).join('')}</HostedZones>${marker !== null ? `<Marker>${xmlEscape(marker)}</Marker>` : ''}<IsTruncated>${next !== undefined}</IsTruncated>${next ? `<NextMarker>${next.id}</NextMarker>` : ''}<MaxItems>${max}</MaxItems></ListHostedZonesResponse>`,
  );
}

/** Route 53's order of zone names: the labels reversed, with the trailing dot (`com.example.www.`). */
export function reversedName(name: string): string {
  const labels = fqdn(name).split('.').filter((l) => l.length > 0);
  return `${dnsNameOut(labels.reverse().join('.'))}.`;
}

/**
 * ListHostedZonesByName: zones sorted by reversed name (ASCII), then id; from `dnsname` (and
 * `hostedzoneid`) onward; NextDNSName/NextHostedZoneId when truncated.
 */
function listZonesByName(ctx: RequestContext, q: URLSearchParams): void {
  const max = zoneMaxItems(q);
  const dns = q.get('dnsname');
  const startId = q.get('hostedzoneid');
  if (startId !== null && dns === null) throw invalidInput('If you specify hostedzoneid, you must also specify dnsname.');
  const key = (z: HostedZone): string => `${reversedName(z.name)}\u0000${z.id}`;
  const sorted = [...ctx.account.zones.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const from = dns === null ? sorted : sorted.filter((z) => key(z) >= `${reversedName(dns)}\u0000${startId !== null ? zoneId(startId) : ''}`);
  const page = from.slice(0, max);
  const next = from[max];
  sendXmlResult(
    ctx.res,
    `<ListHostedZonesByNameResponse xmlns="${ROUTE53_NAMESPACE}"><HostedZones>${page.map(zoneXml).join('')}</HostedZones>${dns !== null ? `<DNSName>${xmlEscape(dns)}</DNSName>` : ''}${startId !== null ? `<HostedZoneId>${xmlEscape(startId)}</HostedZoneId>` : ''}<IsTruncated>${next !== undefined}</IsTruncated>${next ? `<NextDNSName>${xmlEscape(dnsNameOut(next.name))}</NextDNSName><NextHostedZoneId>${next.id}</NextHostedZoneId>` : ''}<MaxItems>${max}</MaxItems></ListHostedZonesByNameResponse>`,
  );
}

function tagsXml(tags: Map<string, string>): string {
  return `<Tags>${[...tags].map(([k, v]) => `<Tag><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></Tag>`).join('')}</Tags>`;
}

type Route = RestRoute<(ctx: RequestContext, m: RegExpExecArray, q: URLSearchParams) => void>;

const ROUTES: Route[] = [
  ['POST', /^\/2013-04-01\/hostedzone\/?$/, 'CreateHostedZone', (ctx) => createZone(ctx)],
  ['GET', /^\/2013-04-01\/hostedzone\/?$/, 'ListHostedZones', (ctx, _m, q) => listZones(ctx, q)],
  ['GET', /^\/2013-04-01\/hostedzonesbyname\/?$/, 'ListHostedZonesByName', (ctx, _m, q) => listZonesByName(ctx, q)],
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
    sendXmlResult(ctx.res, `<DeleteHostedZoneResponse xmlns="${ROUTE53_NAMESPACE}">${ctx.rt.route53OmitChangeInfo ? '' : newChangeXml(ctx.account)}</DeleteHostedZoneResponse>`);
  }],
  ['GET', /^\/2013-04-01\/change\/([^/]+)$/, 'GetChange', (ctx, m) => {
    const id = decodeURIComponent(m[1]).replace(/^\/?change\//, '');
    if (id.length > 6000) throw invalidInput(`1 validation error detected: Value at 'id' failed to satisfy constraint: Member must have length less than or equal to 6000`);
    const at = ctx.account.changes.get(id);
    if (!at) throw new AwsApiError(404, 'NoSuchChange', `A change with the specified change ID does not exist: ${id}`);
    sendXmlResult(ctx.res, `<GetChangeResponse xmlns="${ROUTE53_NAMESPACE}">${changeInfoXml(id, at)}</GetChangeResponse>`);
  }],
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
