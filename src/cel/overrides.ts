/**
 * Standard functions whose results differ between @bufbuild/cel and cel-go, re-implemented as
 * cel-go computes them (C1 runs cel-go). A function given to `celEnv({ funcs })` with the same
 * name and argument types replaces bufbuild's own overload.
 *
 * Each entry names the cel-go source it follows (github.com/google/cel-go, common/types/*.go and
 * common/stdlib/standard.go):
 * - `timestamp(int)` reads SECONDS (types.Int.ConvertToType) and is range-checked to
 *   0001-01-01..9999-12-31 ("timestamp overflow"); bufbuild reads milliseconds.
 * - `timestamp(string)` parses as Go's `time.Parse(time.RFC3339, s)`: hour 0-23, a day that exists
 *   in its month, any number of fraction digits (truncated to nanoseconds), `Z` or `±hh:mm`.
 * - `duration(string)` parses as Go's `time.ParseDuration`: "" is an error, "0" is zero.
 * - `string(double)` is Go's `fmt.Sprintf("%g")` (1700000000.0 → "1.7e+09"), not JS's "1700000000".
 * - `string(duration)` is `strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"` ("1.5s", not "1.500s").
 * - `string(timestamp)` is RFC 3339 with trailing fraction zeros trimmed (`time.RFC3339Nano`).
 * - `int(duration)` is NANOSECONDS (types.Duration.ConvertToType returns Int(d.Duration)).
 * - `int/uint/double/bool(string)` follow Go's strconv.ParseInt/ParseUint (base 10), ParseFloat
 *   and ParseBool: "0x10", " 1", "abc" are errors, "inf" is +Inf, "1e400" is an error.
 * - `_%_(int, int)`: -9223372036854775808 % -1 is an overflow error (overflow.go moduloInt64Checked).
 * - `<`, `<=`, `>`, `>=` on strings compare UTF-8 bytes (Go's strings.Compare), i.e. code points,
 *   not JS UTF-16 code units ("\uffff" < "😀" is true).
 */
import { celFunc, CelScalar, celUint, objectType, type CelFunc } from '@bufbuild/cel';
import { create } from '@bufbuild/protobuf';
import { DurationSchema, TimestampSchema, type Duration, type Timestamp } from '@bufbuild/protobuf/wkt';

/** cel-go's conversion error text: type conversion error from '<from>' to '<to>'[: detail]. */
function conversionError(from: string, to: string, detail?: string): Error {
  const quoted = (t: string): string => `'${t}'`;
  return new Error(`type conversion error from ${quoted(from)} to ${quoted(to)}${detail !== undefined ? `: ${detail}` : ''}`);
}

const TIMESTAMP = objectType(TimestampSchema);
const DURATION = objectType(DurationSchema);
const { INT, UINT, DOUBLE, STRING, BOOL } = CelScalar;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/** Seconds from the Unix epoch to 0001-01-01T00:00:00Z and to 9999-12-31T23:59:59Z (cel-go timestamp.go). */
const MIN_UNIX = -62135596800n;
const MAX_UNIX = 253402300799n;

/** A bufbuild message argument (a Timestamp or Duration value wraps its message). */
interface Wrapped<M> {
  readonly message: M;
}

function timestampAt(seconds: bigint, nanos: number): Timestamp {
  if (seconds < MIN_UNIX || seconds > MAX_UNIX) throw new Error('timestamp overflow');
  return create(TimestampSchema, { seconds, nanos });
}

function durationOf(totalNanos: bigint): Duration {
  if (totalNanos < INT64_MIN || totalNanos > INT64_MAX) throw new Error('duration out of range');
  const seconds = totalNanos / 1_000_000_000n; // truncates toward zero: seconds and nanos share the sign
  return create(DurationSchema, { seconds, nanos: Number(totalNanos - seconds * 1_000_000_000n) });
}

function totalNanos(d: Duration): bigint {
  return d.seconds * 1_000_000_000n + BigInt(d.nanos);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Go's time.Parse(time.RFC3339, s), as cel-go's string → timestamp conversion. */
export function parseRfc3339(s: string): Timestamp {
  const m = RFC3339.exec(s);
  const fail = (why: string): never => {
    throw conversionError('string', 'google.protobuf.Timestamp', `parsing time ${JSON.stringify(s)}: ${why}`);
  };
  if (m === null) return fail('not RFC 3339 (YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM))');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12) fail('month out of range');
  if (day < 1 || day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1])) fail('day out of range');
  if (hour > 23) fail('hour out of range');
  if (minute > 59) fail('minute out of range');
  if (second > 59) fail('second out of range');
  const nanos = m[7] === undefined ? 0 : Number(m[7].slice(0, 9).padEnd(9, '0'));
  let offset = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) fail('time zone offset out of range');
    offset = (m[8] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0-99 to 1900-1999
  date.setUTCHours(hour, minute, second, 0);
  return timestampAt(BigInt(date.getTime() / 1000) - BigInt(offset), nanos);
}

const DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** Go's time.ParseDuration, as cel-go's string → duration conversion. */
export function parseGoDuration(input: string): Duration {
  const fail = (): never => {
    throw conversionError('string', 'google.protobuf.Duration', `time: invalid duration ${JSON.stringify(input)}`);
  };
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return durationOf(0n);
  if (s === '') fail();
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return fail();
    const unit = DURATION_UNITS.get(m[3]);
    if (unit === undefined) return fail();
    const frac = m[2] ?? '';
    // exact: (whole + frac / 10^len) * unit, truncated toward zero as Go does
    total += BigInt(m[1] === '' ? '0' : m[1]) * unit + (frac === '' ? 0n : (BigInt(frac) * unit) / 10n ** BigInt(frac.length));
    if (total > INT64_MAX + (negative ? 1n : 0n)) fail();
    s = s.slice(m[0].length);
  }
  return durationOf(negative ? -total : total);
}

/** A finite double in positional notation with the fewest digits that read back the same (Go's 'f', -1). */
function positional(d: number): string {
  const [mantissa, exp] = d.toExponential().split('e');
  const e = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (e < 0) out = `0.${'0'.repeat(-e - 1)}${digits}`;
  else if (digits.length <= e + 1) out = digits + '0'.repeat(e + 1 - digits.length);
  else out = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  return negative ? `-${out}` : out;
}

/** Go's fmt.Sprintf("%g", d): shortest digits, exponent form when the exponent is < -4 or >= 6 (strconv's shortest 'g'). */
export function goFormatG(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mantissa, exp] = d.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return positional(d);
}

/** Go's strconv.ParseFloat(s, 64): decimal or hex floats, inf/infinity/nan; out of range is an error. */
export function goParseFloat(s: string): number {
  const fail = (): never => {
    throw conversionError('string', 'double', `${JSON.stringify(s)} is not a number`);
  };
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special !== null) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  let value: number;
  const hex = /^([+-]?)0[xX]((?:[0-9a-fA-F]_?)*[0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex !== null) {
    const int = hex[2].replace(/_/g, '');
    const frac = hex[3] ?? '';
    if (int === '' && frac === '') return fail();
    value = (parseInt(int === '' ? '0' : int, 16) + (frac === '' ? 0 : parseInt(frac, 16) / 16 ** frac.length)) * 2 ** Number(hex[4]);
    if (hex[1] === '-') value = -value;
  } else {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return fail();
    value = Number(s);
  }
  if (!Number.isFinite(value)) throw conversionError('string', 'double', `${JSON.stringify(s)} is out of range`);
  return value;
}

function goParseInt(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw conversionError('string', 'int', `${JSON.stringify(s)} is not a base-10 integer`);
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) throw conversionError('string', 'int', `${JSON.stringify(s)} is out of range`);
  return v;
}

function goParseUint(s: string): bigint {
  if (!/^\d+$/.test(s)) throw conversionError('string', 'uint', `${JSON.stringify(s)} is not a base-10 unsigned integer`);
  const v = BigInt(s);
  if (v > UINT64_MAX) throw conversionError('string', 'uint', `${JSON.stringify(s)} is out of range`);
  return v;
}

const GO_BOOLS: ReadonlyMap<string, boolean> = new Map([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((k): [string, boolean] => [k, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((k): [string, boolean] => [k, false]),
]);

/** Order of two strings by code point (= UTF-8 byte order, Go's strings.Compare). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Where UTF-16 units differ, a surrogate (a code point above U+FFFF) sorts after every BMP unit.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function rfc3339Nano(t: Timestamp): string {
  const iso = new Date(Number(t.seconds) * 1000).toISOString(); // yyyy-mm-ddThh:mm:ss.000Z (years 0001-9999)
  const frac = t.nanos === 0 ? '' : `.${String(t.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${iso.slice(0, 19)}${frac}Z`;
}

/** Seconds of a duration as a float64, as Go's Duration.Seconds() computes it. */
function goSeconds(d: Duration): number {
  const ns = totalNanos(d);
  const sec = ns / 1_000_000_000n;
  return Number(sec) + Number(ns - sec * 1_000_000_000n) / 1e9;
}

/** cel-go's behaviour for the functions where bufbuild's differs. */
export const CEL_GO_OVERRIDES: readonly CelFunc[] = [
  celFunc('timestamp', [INT], TIMESTAMP, (seconds: bigint) => timestampAt(seconds, 0)),
  celFunc('timestamp', [STRING], TIMESTAMP, (s: string) => parseRfc3339(s)),
  celFunc('duration', [STRING], DURATION, (s: string) => parseGoDuration(s)),
  celFunc('string', [DOUBLE], STRING, (d: number) => goFormatG(d)),
  celFunc('string', [DURATION], STRING, (d: Wrapped<Duration>) => `${positional(goSeconds(d.message))}s`),
  celFunc('string', [TIMESTAMP], STRING, (t: Wrapped<Timestamp>) => rfc3339Nano(t.message)),
  celFunc('int', [DURATION], INT, (d: Wrapped<Duration>) => totalNanos(d.message)),
  celFunc('int', [STRING], INT, goParseInt),
  celFunc('uint', [STRING], UINT, (s: string) => celUint(goParseUint(s))),
  celFunc('double', [STRING], DOUBLE, goParseFloat),
  celFunc('bool', [STRING], BOOL, (s: string) => {
    const b = GO_BOOLS.get(s);
    if (b === undefined) throw conversionError('string', 'bool', `${JSON.stringify(s)}`);
    return b;
  }),
  celFunc('_%_', [INT, INT], INT, (x: bigint, y: bigint) => {
    if (y === 0n) throw new Error('modulus by zero');
    if (x === INT64_MIN && y === -1n) throw new Error('integer overflow');
    return x % y;
  }),
  celFunc('_<_', [STRING, STRING], BOOL, (a: string, b: string) => compareCodePoints(a, b) < 0),
  celFunc('_<=_', [STRING, STRING], BOOL, (a: string, b: string) => compareCodePoints(a, b) <= 0),
  celFunc('_>_', [STRING, STRING], BOOL, (a: string, b: string) => compareCodePoints(a, b) > 0),
  celFunc('_>=_', [STRING, STRING], BOOL, (a: string, b: string) => compareCodePoints(a, b) >= 0),
];
