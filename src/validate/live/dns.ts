/**
 * Live DNS check through node's dns.Resolver (configurable server and timeout): the three DKIM
 * CNAMEs SES lists, MAIL FROM MX + SPF (at most 10 DNS-querying mechanisms), DMARC and its strength.
 */
import { Resolver } from 'node:dns/promises';
import { GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { DEFAULT_DKIM_TARGET } from '../../policy/constants';
import { dmarcStrength, parseDmarc } from '../dmarc';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { ValidateEnvironmentError } from '../run';
import { LiveOptions, call, domainOf, sesClient } from './context';

export const LIVE_DNS_ID = 'live-dns';
export const SPF_LOOKUP_LIMIT = 10;

const resolverRetries = new WeakMap<Resolver, number>();
function retriesOf(r: Resolver): number {
  return resolverRetries.get(r) ?? 2;
}

export function makeResolver(o: Pick<LiveOptions, 'dnsServer' | 'dnsTimeoutMs' | 'retries'>): Resolver {
  const r = new Resolver({ timeout: o.dnsTimeoutMs ?? 3000, tries: 1 });
  if (o.dnsServer) r.setServers([o.dnsServer]);
  resolverRetries.set(r, o.retries ?? 2);
  return r;
}

const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

const TRANSIENT = new Set(['ETIMEOUT', 'ECONNREFUSED', 'ESERVFAIL', 'ECONNRESET', 'EAI_AGAIN']);

/**
 * A lookup: the answer, `undefined` when the name/type does not exist. Timeouts, refusals and SERVFAIL
 * are retried (`retries`); when they persist they are an environment error, never "record missing".
 */
async function lookup<T>(what: string, fn: () => Promise<T>, retries = 2): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err: unknown) {
      const code = (err as { code?: string }).code ?? '';
      if (ABSENT.has(code)) return undefined;
      if (TRANSIENT.has(code) && attempt < retries) {
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        continue;
      }
      throw new ValidateEnvironmentError(`DNS lookup of ${what} failed after ${attempt + 1} attempt(s) (${code || (err as Error).message}): the record could not be checked.`, 'check --dns-server and --dns-timeout, or run again', err);
    }
  }
}

async function txt(r: Resolver, name: string): Promise<string[]> {
  return ((await lookup(`TXT ${name}`, () => r.resolveTxt(name), retriesOf(r))) ?? []).map((chunks) => chunks.join(''));
}

/** Count SPF's DNS-querying terms (include, a, mx, ptr, exists, redirect) recursively (RFC 7208 §4.6.4). */
export async function countSpfLookups(r: Resolver, record: string, seen = new Set<string>(), depth = 0): Promise<{ count: number; unresolved: string[] }> {
  let count = 0;
  const unresolved: string[] = [];
  for (const term of record.split(/\s+/).slice(1)) {
    const m = /^[+~?-]?(include|a|mx|ptr|exists|redirect)(?:[:=](.*))?$/i.exec(term);
    if (!m) continue;
    count++;
    const kind = m[1].toLowerCase();
    if ((kind === 'include' || kind === 'redirect') && m[2] && depth < 10 && !seen.has(m[2])) {
      seen.add(m[2]);
      // An include the resolver cannot answer is counted as one lookup and reported as unresolved (info), not as an environment error.
      let subs: string[] = [];
      try {
        subs = await txt(r, m[2]);
      } catch (err: unknown) {
        if (!(err instanceof ValidateEnvironmentError)) throw err;
      }
      const sub = subs.find((t) => /^v=spf1\b/i.test(t));
      if (!sub) unresolved.push(m[2]);
      else {
        const inner = await countSpfLookups(r, sub, seen, depth + 1);
        count += inner.count;
        unresolved.push(...inner.unresolved);
      }
    }
  }
  return { count, unresolved };
}

export function liveDnsCheck(o: LiveOptions): Check {
  return {
    id: LIVE_DNS_ID,
    title: 'DNS as resolvers see it (DKIM, MAIL FROM, DMARC)',
    async run(): Promise<CheckOutcome> {
      const domain = domainOf(o);
      if (!domain) throw new SkipCheck('no --from or --domain given');
      const identity = await call(o, 'SES GetEmailIdentity', () => sesClient(o).send(new GetEmailIdentityCommand({ EmailIdentity: domain })), { readPermission: 'ses:GetEmailIdentity' });
      if (!identity.ok) throw new SkipCheck(`the SES identity ${domain} cannot be read (${identity.name}), so its DKIM tokens are unknown`);
      const r = makeResolver(o);
      const sink = new FindingSink(LIVE_DNS_ID);
      const target = (o.dkimTarget ?? DEFAULT_DKIM_TARGET).toLowerCase();
      const tokens = identity.value.DkimAttributes?.Tokens ?? [];
      const mf = identity.value.MailFromAttributes?.MailFromDomain;
      let strength = '';
      await Promise.all([
        ...tokens.map(async (t) => {
          const name = `${t}._domainkey.${domain}`;
          const got = await lookup(`CNAME ${name}`, () => r.resolveCname(name), retriesOf(r));
          const want = `${t}.${target}`;
          if (!got || got.length === 0) sink.error('LIVE_DNS_DKIM_MISSING', `${name} does not resolve`, `publish CNAME ${name} → ${want}`, name);
          else if (got[0].toLowerCase().replace(/\.$/, '') !== want) sink.error('LIVE_DNS_DKIM_WRONG', `${name} points to ${got[0]}, not ${want}`, `point it to ${want}`, name);
        }),
        (async (): Promise<void> => {
          if (!mf) return;
          const [mx, spfs] = await Promise.all([lookup(`MX ${mf}`, () => r.resolveMx(mf), retriesOf(r)), txt(r, mf)]);
          const want = `feedback-smtp.${o.region}.amazonses.com`;
          if (!mx?.some((x) => x.priority === 10 && x.exchange.toLowerCase().replace(/\.$/, '') === want)) {
            sink.error('LIVE_DNS_MAIL_FROM_MX', `MX at ${mf} is ${mx && mx.length > 0 ? mx.map((x) => `${x.priority} ${x.exchange}`).join(', ') : 'missing'}`, `publish MX "10 ${want}" at ${mf}`, mf);
          }
          const spf = spfs.filter((t) => /^v=spf1\b/i.test(t));
          if (spf.length !== 1 || !/\binclude:amazonses\.com\b/i.test(spf[0])) {
            sink.error('LIVE_DNS_MAIL_FROM_SPF', spf.length === 0 ? `no SPF record at ${mf}` : spf.length > 1 ? `${spf.length} SPF records at ${mf} (a permerror)` : `SPF at ${mf} does not include amazonses.com`, `publish one TXT "v=spf1 include:amazonses.com ~all" at ${mf}`, mf);
          } else {
            const n = await countSpfLookups(r, spf[0]);
            if (n.count > SPF_LOOKUP_LIMIT) sink.error('LIVE_DNS_SPF_TOO_MANY_LOOKUPS', `SPF at ${mf} needs ${n.count} DNS lookups; receivers stop at ${SPF_LOOKUP_LIMIT} (permerror)`, 'flatten or remove includes', mf);
            if (n.unresolved.length > 0) sink.info('LIVE_DNS_SPF_INCLUDE_UNRESOLVED', `SPF include(s) ${n.unresolved.join(', ')} counted as one lookup each: ${o.dnsServer ?? 'the system resolver'} does not answer for them`, 'check them from a public resolver', mf);
          }
        })(),
        (async (): Promise<void> => {
          const name = `_dmarc.${domain}`;
          const recs = (await txt(r, name)).filter((t) => /^v=DMARC1/i.test(t));
          if (recs.length === 0) {
            sink.warn('LIVE_DNS_DMARC_MISSING', `no DMARC record at ${name}`, `publish TXT "v=DMARC1; p=none; rua=mailto:dmarc@${domain}" and tighten later`, name);
            return;
          }
          if (recs.length > 1) {
            sink.error('LIVE_DNS_DMARC_SYNTAX', `${recs.length} DMARC records at ${name}; receivers ignore them all`, 'keep exactly one', name);
            return;
          }
          const p = parseDmarc(recs[0]);
          if (!p.ok) sink.error('LIVE_DNS_DMARC_SYNTAX', `DMARC at ${name} is invalid: ${p.error}`, 'use e.g. "v=DMARC1; p=none"', name);
          else {
            strength = `; DMARC ${dmarcStrength(p.record)}`;
            if (p.record.policy === 'none') sink.info('LIVE_DNS_DMARC_MONITOR_ONLY', `DMARC at ${name} is p=none (monitoring only)`, 'once reports show SES mail aligned, move to p=quarantine, then p=reject', name);
          }
        })(),
      ]);
      if (tokens.length !== 3) sink.error('LIVE_DNS_DKIM_TOKENS', `SES lists ${tokens.length} DKIM tokens for ${domain}, expected 3`, 'use Easy DKIM (RSA 2048) on the identity', domain);
      return outcome(sink, `3 DKIM CNAMEs${mf ? `, MAIL FROM ${mf} MX + SPF` : ''} resolve${strength}`, `DNS of ${domain}`);
    },
  };
}
