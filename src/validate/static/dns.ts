/**
 * Static check of the DNS records the stack publishes (Route 53 records or "records to publish"
 * outputs): three DKIM CNAMEs of the right shape, MAIL FROM MX + SPF, DMARC syntax.
 */
import { DEFAULT_DKIM_TARGET } from '../../policy/constants';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { parseDmarc, txtValue } from '../dmarc';
import { StaticInput } from './inputs';
import { isUnresolved, ofType } from './model';

export const DNS_CHECK_ID = 'dns-records';

export interface DnsCheckOptions {
  readonly region?: string;
  /** @default dkim.amazonses.com */
  readonly dkimTarget?: string;
}

export interface PlannedRecord {
  readonly address: string;
  readonly name: string;
  readonly type: string;
  readonly values: readonly string[];
  readonly count: number;
}

function norm(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Split `a, "b,c", f(x, y)` at top-level commas. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      cur += c;
      if (c === '\\') cur += s[++i] ?? '';
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/**
 * cdktf writes `Fn.join('', [...])` as `${join("", [expr, "lit", ...])}`: rewrite it to the template
 * form `${expr}lit...` so names and values read like the ones written with plain interpolation.
 */
export function flattenJoin(v: string): string {
  const m = /^\$\{join\(""\s*,\s*\[(.*)\]\)\}$/s.exec(v.trim());
  if (!m) return v;
  return splitArgs(m[1])
    .map((a) => (/^"(?:[^"\\]|\\.)*"$/.test(a) ? (JSON.parse(a) as string) : `\${${a}}`))
    .join('');
}

/** Route 53 records and record lists found in outputs (objects with name/type/value). */
export function plannedRecords(input: StaticInput): PlannedRecord[] {
  const out: PlannedRecord[] = [];
  for (const r of ofType(input, 'aws_route53_record')) {
    const recs = Array.isArray(r.values.records) ? r.values.records.map((x) => flattenJoin(String(x))) : [];
    out.push({ address: r.address, name: norm(flattenJoin(String(r.values.name ?? ''))), type: String(r.values.type ?? '').toUpperCase(), values: recs, count: r.count });
  }
  // A "records to publish" output lists the same records the stack manages in Route 53: read it only when
  // the stack manages none (otherwise every record would be counted twice).
  if (out.some((r) => r.count > 0)) return out;
  const visit = (v: unknown, where: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.name === 'string' && typeof o.type === 'string' && (typeof o.value === 'string' || Array.isArray(o.values))) {
        const values = (typeof o.value === 'string' ? [o.value] : (o.values as unknown[]).map(String)).map(flattenJoin);
        out.push({ address: where, name: norm(flattenJoin(o.name)), type: o.type.toUpperCase(), values, count: 1 });
      } else for (const [k, x] of Object.entries(o)) visit(x, `${where}.${k}`);
    }
  };
  for (const [k, v] of Object.entries(input.outputs)) visit(v, `output.${k}`);
  return out;
}

function within(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`) || (isUnresolved(name) && name.endsWith(domain));
}

export function dnsCheck(input: StaticInput, options: DnsCheckOptions = {}): Check {
  return {
    id: DNS_CHECK_ID,
    title: 'DNS records for SES (DKIM, MAIL FROM, DMARC)',
    run(): CheckOutcome {
      const identities = ofType(input, 'aws_sesv2_email_identity')
        .map((r) => ({ r, domain: norm(String(r.values.email_identity ?? '')) }))
        .filter((i) => i.domain !== '' && !i.domain.includes('@') && !isUnresolved(i.domain));
      if (identities.length === 0) throw new SkipCheck('no SES domain identity in this input');
      const records = plannedRecords(input);
      if (records.length === 0) throw new SkipCheck('the stack publishes no DNS records (no Route 53 records, no records-to-publish output): check them live with --live');
      const sink = new FindingSink(DNS_CHECK_ID);
      let mailFroms = 0;
      let dmarcs = 0;
      const target = norm(options.dkimTarget ?? DEFAULT_DKIM_TARGET);
      const region = options.region ?? input.region;
      for (const { r, domain } of identities) {
        // In a plan, the DKIM names are unknown until apply (the tokens are computed): count records named for DKIM.
        // A plan knows them only after apply: no name, or a `${...}` reference to the identity's DKIM tokens.
        const pending = records.filter((x) => x.type === 'CNAME' && (x.name === '' || (isUnresolved(x.name) && !x.name.includes('._domainkey'))) && /dkim/i.test(`${x.address} ${x.name}`));
        const dkim = [...records.filter((x) => x.type === 'CNAME' && x.name.includes('._domainkey') && within(x.name, domain)), ...pending];
        const n = dkim.reduce((s, x) => s + x.count, 0);
        if (n !== 3) sink.error('DNS_DKIM_COUNT', `${n} DKIM CNAME record(s) for ${domain}; Easy DKIM needs exactly 3`, 'publish one CNAME per DKIM token (3, with static indices 0..2 — never for_each over the tokens)', r.address);
        for (const x of dkim.filter((d) => !pending.includes(d))) {
          if (!x.name.endsWith(`._domainkey.${domain}`)) sink.error('DNS_DKIM_NAME', `DKIM record name ${x.name} is not <token>._domainkey.${domain}`, `name it "<token>._domainkey.${domain}"`, x.address);
          const token = x.name.slice(0, x.name.indexOf('._domainkey'));
          for (const v of x.values.map(norm)) {
            if (!v.endsWith(`.${target}`)) sink.error('DNS_DKIM_TARGET', `DKIM record ${x.name} points to ${v}, not <token>.${target}`, `point it to "<token>.${target}" (or pass --dkim-target for your region)`, x.address);
            else if (v.slice(0, -(target.length + 1)) !== token) sink.error('DNS_DKIM_TOKEN_MISMATCH', `DKIM record ${x.name} points to another token (${v})`, 'use the same token in the name and in the target', x.address);
          }
        }
        const mailFrom = ofType(input, 'aws_sesv2_email_identity_mail_from_attributes').find((m) => norm(String(m.values.email_identity ?? '')) === domain || String(m.values.email_identity ?? '').includes(`\${${r.type}.${r.name}.`));
        const mf = mailFrom && typeof mailFrom.values.mail_from_domain === 'string' ? norm(mailFrom.values.mail_from_domain) : undefined;
        if (mailFrom && mf && !isUnresolved(mf)) {
          mailFroms++;
          if (mf === domain || !mf.endsWith(`.${domain}`)) sink.error('DNS_MAIL_FROM_APEX', `MAIL FROM domain ${mf} must be a subdomain of ${domain}, not the apex or another domain`, `use e.g. "mail.${domain}" (never touch the apex SPF)`, mailFrom.address);
          const mx = records.filter((x) => x.type === 'MX' && x.name === mf).flatMap((x) => x.values.map((v) => v.trim().toLowerCase()));
          const want = region ? `10 feedback-smtp.${region}.amazonses.com` : undefined;
          const ok = mx.some((v) => (want ? v.replace(/\.$/, '') === want : /^10 feedback-smtp\.[a-z0-9-]+\.amazonses\.com\.?$/.test(v) || isUnresolved(v)));
          if (!ok) sink.error('DNS_MAIL_FROM_MX', mx.length === 0 ? `no MX record at ${mf}` : `MX at ${mf} is ${mx.join(', ')}, expected ${want ?? '10 feedback-smtp.<region>.amazonses.com'}`, `publish MX "${want ?? '10 feedback-smtp.<region>.amazonses.com'}" at ${mf}`, mailFrom.address);
          const spf = records.filter((x) => x.type === 'TXT' && x.name === mf).flatMap((x) => x.values.map(txtValue)).filter((v) => /^v=spf1/i.test(v));
          if (spf.length !== 1 || !/\binclude:amazonses\.com\b/i.test(spf[0]) || !/[~-]all\s*$/i.test(spf[0])) {
            sink.error('DNS_MAIL_FROM_SPF', spf.length === 0 ? `no SPF TXT record at ${mf}` : `SPF at ${mf} is "${spf.join('" + "')}"`, `publish exactly one TXT "v=spf1 include:amazonses.com ~all" at ${mf}`, mailFrom.address);
          }
        }
        const dmarc = records.filter((x) => x.type === 'TXT' && x.name === `_dmarc.${domain}`).flatMap((x) => x.values.map(txtValue));
        if (dmarc.length === 0) sink.warn('DNS_DMARC_MISSING', `no DMARC record at _dmarc.${domain} in this stack`, `publish TXT "v=DMARC1; p=none" at _dmarc.${domain} (or check the existing one with --live)`, r.address);
        if (dmarc.length > 0) dmarcs++;
        if (dmarc.length > 1) sink.error('DNS_DMARC_SYNTAX', `${dmarc.length} DMARC records at _dmarc.${domain}; receivers ignore all of them`, 'keep exactly one', r.address);
        for (const v of dmarc) {
          if (isUnresolved(v)) continue;
          const p = parseDmarc(v);
          if (!p.ok) sink.error('DNS_DMARC_SYNTAX', `DMARC record "${v}" is invalid: ${p.error}`, 'use e.g. "v=DMARC1; p=none; rua=mailto:dmarc@<domain>"', r.address);
        }
      }
      return outcome(sink, `${identities.length} domain(s): 3 DKIM CNAMEs${mailFroms > 0 ? ', MAIL FROM MX + SPF' : ' (no custom MAIL FROM)'}${dmarcs > 0 ? ', DMARC' : ''} well-formed`, `${identities.length} domain(s)`);
    },
  };
}
