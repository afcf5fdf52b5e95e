/**
 * Read a received message's Authentication-Results and say whether SPF, DKIM and DMARC passed with
 * the sender's (From) domain aligned — step 5 of the SES page, done by a program. Header unfolding
 * and organisational-domain alignment come from mailauth (public-suffix aware); the
 * Authentication-Results grammar (RFC 8601) is parsed here.
 */
import { Finding, FindingSink, outcome, CheckResult, statusOf } from './findings';

interface MailauthTools {
  parseHeaders(buf: Buffer): { parsed: { key: string | null; casedKey?: string; line: Buffer }[] };
  getAlignment(fromDomain: string, domainList: string[], strict?: boolean): { domain: string } | false;
}
// mailauth ships no types for lib/tools.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tools = require('mailauth/lib/tools') as MailauthTools;

export interface AuthMethodResult {
  /** spf, dkim, dmarc, arc, … */
  readonly method: string;
  /** pass, fail, softfail, neutral, none, temperror, permerror, … */
  readonly result: string;
  /** `smtp.mailfrom`, `header.d`, `header.from`, … (lower-cased keys). */
  readonly props: Readonly<Record<string, string>>;
}

export interface AuthenticationResults {
  readonly authservId: string;
  readonly results: readonly AuthMethodResult[];
}

/** Strip RFC 5322 comments (nested parentheses) outside quoted strings. */
function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      out += c;
      if (c === '\\' && i + 1 < s.length) out += s[++i];
      else if (c === '"') quoted = false;
    } else if (c === '"' && depth === 0) {
      quoted = true;
      out += c;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/** Split on `;` outside quoted strings. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Parse one Authentication-Results header value (without the field name). */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const parts = splitTop(stripComments(value.replace(/\r?\n[ \t]+/g, ' ')));
  const authservId = (parts.shift() ?? '').split(/\s+/)[0] ?? '';
  const results: AuthMethodResult[] = [];
  for (const part of parts) {
    const m = /^([a-z0-9_-]+)(?:\/\d+)?\s*=\s*([a-z]+)\s*(.*)$/i.exec(part);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const pm of m[3].matchAll(/([a-z0-9_-]+(?:\.[a-z0-9_-]+)+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)/gi)) {
      props[pm[1].toLowerCase()] = pm[2].replace(/^"|"$/g, '');
    }
    const reason = /reason\s*=\s*("(?:[^"\\]|\\.)*"|\S+)/i.exec(m[3]);
    if (reason) props.reason = reason[1].replace(/^"|"$/g, '');
    results.push({ method: m[1].toLowerCase(), result: m[2].toLowerCase(), props });
  }
  return { authservId, results };
}

export interface ParsedMessage {
  readonly from?: string;
  readonly fromDomain?: string;
  /** Every Authentication-Results header, top (most recent) first. */
  readonly authResults: readonly AuthenticationResults[];
}

/** Header section of a message (.eml): From and Authentication-Results. */
export function parseMessage(eml: Buffer | string): ParsedMessage {
  const buf = typeof eml === 'string' ? Buffer.from(eml, 'utf8') : eml;
  const text = buf.toString('binary');
  const end = text.search(/\r?\n\r?\n/);
  const head = Buffer.from(end >= 0 ? text.slice(0, end) : text, 'binary');
  const rows = tools.parseHeaders(head).parsed;
  const value = (line: Buffer): string => line.toString('utf8').replace(/^[^:]*:/, '').replace(/\r?\n[ \t]+/g, ' ').trim();
  const fromRow = rows.find((r) => r.key === 'from');
  const from = fromRow ? value(fromRow.line) : undefined;
  const addr = from ? (/<([^>]+)>/.exec(from)?.[1] ?? from).trim() : undefined;
  const fromDomain = addr?.includes('@') ? addr.split('@').pop()?.toLowerCase().replace(/[>\s]/g, '') : undefined;
  const authResults = rows.filter((r) => r.key === 'authentication-results').map((r) => parseAuthenticationResults(value(r.line)));
  return { ...(from ? { from } : {}), ...(fromDomain ? { fromDomain } : {}), authResults };
}

function domainOfProp(v: string | undefined): string | undefined {
  if (!v) return undefined;
  return (v.includes('@') ? v.split('@').pop() : v)?.toLowerCase();
}

export const CHECK_HEADERS_ID = 'check-headers';

/** The verdict on one message: SPF, DKIM, DMARC pass and aligned with the From domain. */
export function checkHeaders(eml: Buffer | string, options: { readonly authservId?: string } = {}): CheckResult {
  const started = performance.now();
  const sink = new FindingSink(CHECK_HEADERS_ID);
  const msg = parseMessage(eml);
  const ar = options.authservId ? msg.authResults.find((a) => a.authservId.toLowerCase() === options.authservId?.toLowerCase()) : msg.authResults[0];
  const done = (): CheckResult => {
    const o = outcome(sink, `SPF, DKIM and DMARC pass, aligned with ${msg.fromDomain ?? '?'}`, `message from ${msg.fromDomain ?? '?'}`);
    return { id: CHECK_HEADERS_ID, title: 'Authentication-Results of the received message', status: statusOf(o.findings), ...(o.summary ? { reason: o.summary } : {}), findings: o.findings as Finding[], durationMs: performance.now() - started };
  };
  if (!msg.fromDomain) {
    sink.error('HDR_NO_FROM', 'the message has no readable From address', 'save the full message source (with headers) as .eml');
    return done();
  }
  if (!ar) {
    sink.error('HDR_NO_AUTH_RESULTS', options.authservId ? `no Authentication-Results header from ${options.authservId}` : 'the message has no Authentication-Results header', "save the message as received by the recipient's provider (Gmail: Show original > Download)");
    return done();
  }
  const from = msg.fromDomain;
  const byMethod = (m: string): AuthMethodResult[] => ar.results.filter((r) => r.method === m);

  const spf = byMethod('spf')[0];
  if (!spf) sink.error('HDR_SPF_MISSING', 'no SPF result', 'check the MAIL FROM domain records');
  else {
    const mailfrom = domainOfProp(spf.props['smtp.mailfrom']);
    if (spf.result !== 'pass') sink.error('HDR_SPF_FAIL', `SPF ${spf.result}${mailfrom ? ` for ${mailfrom}` : ''}`, 'publish "v=spf1 include:amazonses.com ~all" on the MAIL FROM subdomain');
    else if (!mailfrom || !tools.getAlignment(from, [mailfrom])) {
      sink.warn('HDR_SPF_NOT_ALIGNED', `SPF passed for ${mailfrom ?? 'an unknown domain'}, not aligned with ${from} (SES's default MAIL FROM is amazonses.com)`, `set a custom MAIL FROM subdomain of ${from} (e.g. mail.${from}) with its MX and SPF`);
    }
  }

  // The signing domain: header.d, else the domain of header.i (Gmail writes only header.i).
  const dkims = byMethod('dkim').map((d) => ({ ...d, d: domainOfProp(d.props['header.d'] ?? d.props['header.i']) }));
  const aligned = dkims.filter((d) => d.result === 'pass' && d.d && tools.getAlignment(from, [d.d]));
  if (dkims.length === 0) sink.error('HDR_DKIM_MISSING', 'no DKIM result', 'enable Easy DKIM and publish the three CNAMEs');
  else if (!dkims.some((d) => d.result === 'pass')) sink.error('HDR_DKIM_FAIL', `DKIM ${dkims.map((d) => `${d.result}${d.d ? ` (d=${d.d})` : ''}`).join(', ')}`, 'check the three DKIM CNAMEs and that SES shows DKIM SUCCESS');
  else if (aligned.length === 0) sink.error('HDR_DKIM_NOT_ALIGNED', `DKIM passed only for ${dkims.filter((d) => d.result === 'pass').map((d) => d.d ?? '?').join(', ')}, not aligned with ${from}`, `send from a verified domain identity of ${from} with Easy DKIM (not only amazonses.com)`);

  const dmarc = byMethod('dmarc')[0];
  if (!dmarc) sink.error('HDR_DMARC_MISSING', 'no DMARC result', `publish TXT "v=DMARC1; p=none" at _dmarc.${from}`);
  else if (dmarc.result !== 'pass') sink.error('HDR_DMARC_FAIL', `DMARC ${dmarc.result}`, 'align DKIM (d=) or SPF (MAIL FROM) with the From domain');
  else {
    const hf = domainOfProp(dmarc.props['header.from']);
    if (hf && hf !== from) sink.warn('HDR_DMARC_OTHER_DOMAIN', `DMARC evaluated ${hf}, but From is ${from}`, 'check the From header');
  }
  return done();
}
