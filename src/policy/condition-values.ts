/**
 * How IAM reads the operands of the typed condition operators (numbers, dates, IP addresses).
 * A value that is not in a documented form is invalid: it matches nothing, not even through a
 * negated operator (`NumericNotEquals`, `DateNotEquals`, `NotIpAddress`), and never throws.
 */

/** An exact decimal: sign, integer digits without leading zeros, fraction digits without trailing zeros. */
export interface Decimal {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

const DECIMAL = /^([-+]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))$/;

/**
 * Numeric operands: "an integer or decimal value" (IAM User Guide, Numeric condition operators):
 * decimal digits with an optional sign and fraction (`-1`, `+5`, `3.5`, `.5`, `5.` — every
 * decimal reader, and an independent simulator, reads these). Hex (`0x10`), exponents (`1e3`),
 * surrounding whitespace, `''` and `Infinity`/`NaN` are not integers or decimals as written; IAM
 * would have to guess, so they match nothing here.
 */
export function parseDecimal(v: string): Decimal | undefined {
  const m = DECIMAL.exec(v);
  if (m === null) return undefined;
  const int = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? m[4] ?? '').replace(/0+$/, '');
  const zero = int === '0' && frac === '';
  return { negative: m[1] === '-' && !zero, int, frac };
}

/** Exact comparison of two decimals (no floating point: 9007199254740993 ≠ 9007199254740992). */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.int.length !== b.int.length) return sign * (a.int.length < b.int.length ? -1 : 1);
  if (a.int !== b.int) return sign * (a.int < b.int ? -1 : 1);
  const len = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(len, '0');
  const fb = b.frac.padEnd(len, '0');
  return fa === fb ? 0 : sign * (fa < fb ? -1 : 1);
}

const EPOCH = /^-?\d+(?:\.\d+)?$/;
const W3C = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * Date operands: "one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX)
 * time" (IAM User Guide, Date condition operators) → milliseconds since the epoch, NaN when neither.
 * A bare integer (also `2026`) is epoch seconds; a time without a zone designator is read as UTC.
 * Free-form dates that `Date.parse` would accept (`Jan 1 2026`, `2026/01/01`) are not documented forms.
 */
export function parseDate(v: string): number {
  if (EPOCH.test(v)) return Number(v) * 1000;
  const m = W3C.exec(v);
  if (m === null) return NaN;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '', tz = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const base = Date.UTC(year, month - 1, day, hour, minute, second, Number(`0.${frac || '0'}`) * 1000);
  const check = new Date(base);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return NaN; // 2026-02-30
  let offset = 0;
  if (tz !== 'Z') {
    const oh = Number(tz.slice(1, 3));
    const om = Number(tz.slice(4, 6));
    if (oh > 23 || om > 59) return NaN;
    offset = (tz[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return base - offset;
}

/**
 * An IP network: an address and prefix length in one 129-bit space, where IPv6 addresses are
 * 0…2^128-1 and IPv4 addresses sit above (2^128 + a.b.c.d, prefix + 96), so a network only ever
 * contains addresses of its own family.
 */
export interface IpNetwork {
  readonly address: bigint;
  readonly prefix: number;
}

/** Marks IPv4: the families are kept apart (see parseIpNetwork). */
const V4 = 1n << 128n;

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    // Decimal octets only: a leading zero ("010") reads as octal in some parsers, so it is not a documented form.
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseIpv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined; // zone ids are not addresses a request comes from
  let tail: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = /^[0-9a-fA-F]{1,4}$/;
  const left = halves[0] === '' ? [] : halves[0].split(':');
  const right = halves.length === 2 ? (halves[1] === '' ? [] : halves[1].split(':')) : [];
  if (![...left, ...right].every((g) => group.test(g))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let out = 0n;
  for (const g of groups) out = (out << 16n) | BigInt(parseInt(g, 16));
  if (tail !== undefined) out = (out & ~0xffffffffn) | tail;
  return out;
}

/** A single address (a request value): IPv4, IPv6, or an IPv4-mapped IPv6 address; undefined when invalid. */
export function parseIpAddress(s: string): bigint | undefined {
  if (s.includes(':')) return parseIpv6(s);
  const v4 = parseIpv4(s);
  return v4 === undefined ? undefined : V4 | v4;
}

/**
 * A policy value of IpAddress/NotIpAddress: "standard CIDR format (for example, 203.0.113.0/24 or
 * 2001:DB8:1234:5678::/64). If you specify an IP address without the associated routing prefix,
 * IAM uses the default prefix value of /32" (IAM User Guide, IP address condition operators); an
 * IPv6 address without a prefix is that one address (/128). The guide treats IPv4 and IPv6 as
 * separate formats and is silent on IPv4-mapped IPv6 addresses; an independent simulator keeps the
 * families apart, so `::ffff:203.0.113.9` is not inside `203.0.113.0/24` (and an IPv4 address is
 * not inside `::ffff:0:0/96`): `IpAddress` does not grant and `NotIpAddress` does not exempt it.
 */
export function parseIpNetwork(s: string): IpNetwork | undefined {
  const hit = networks.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = readIpNetwork(s);
  if (networks.size >= 1_000) networks.clear();
  networks.set(s, parsed ?? null);
  return parsed;
}

/** Policy values repeat across evaluations: parsed networks are cached (null = invalid). */
const networks = new Map<string, IpNetwork | null>();

function readIpNetwork(s: string): IpNetwork | undefined {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const bits = slash < 0 ? undefined : s.slice(slash + 1);
  if (bits !== undefined && !/^(0|[1-9]\d{0,2})$/.test(bits)) return undefined;
  if (addr.includes(':')) {
    const a = parseIpv6(addr);
    const prefix = bits === undefined ? 128 : Number(bits);
    if (a === undefined || prefix > 128) return undefined;
    return { address: a, prefix };
  }
  const a = parseIpv4(addr);
  const prefix = bits === undefined ? 32 : Number(bits);
  if (a === undefined || prefix > 32) return undefined;
  return { address: V4 | a, prefix: prefix + 96 };
}

/** Is the address inside the network? */
export function ipInNetwork(address: bigint, network: IpNetwork): boolean {
  const shift = BigInt(128 - network.prefix);
  return address >> shift === network.address >> shift;
}
