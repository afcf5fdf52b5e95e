/**
 * Trust evaluation against cel-go's answers, with `claims` declared `map(string, dyn)` in a default
 * `cel.NewEnv()` and bound from the token's JSON (numbers → double, null → null_type, arrays → list,
 * objects → map). Expected values are cel-go's, read from its source (github.com/google/cel-go) and
 * from the CEL conformance data (github.com/google/cel-spec tests/simple/testdata/*.textproto); each
 * group cites where.
 */
import { compileExpression, evaluateTrust } from '../../src/cel/evaluate';
import { lintTrust } from '../../src/cel/lint';
import { compareCodePoints, goFormatG } from '../../src/cel/overrides';

const claims = JSON.parse(
  JSON.stringify({
    sub: 'arn:aws:iam::123456789012:role/etl',
    iat: 1_700_000_000,
    f: 1.5,
    neg: -1,
    big: 1e300,
    s: 'héllo',
    e: 'a😀b',
    n: null,
    l: [1, 2, 3],
    sl: ['a', 'b'],
    m: { a: 1, b: 'x' },
  }),
) as Record<string, unknown>;

type Want = boolean | { readonly error: RegExp } | { readonly compile: RegExp };
type Row = readonly [string, Want];

function expectRows(rows: readonly Row[]): void {
  for (const [expression, want] of rows) {
    const r = evaluateTrust(expression, claims);
    if (typeof want === 'boolean') {
      expect({ expression, r }).toEqual({ expression, r: { matched: want } });
    } else if ('compile' in want) {
      expect({ expression, matched: r.matched, error: r.error?.startsWith('compile error:') ?? false }).toEqual({ expression, matched: false, error: true });
      expect({ expression, error: r.error }).toEqual({ expression, error: expect.stringMatching(want.compile) });
    } else {
      expect({ expression, matched: r.matched, compiled: !(r.error ?? '').startsWith('compile error') }).toEqual({ expression, matched: false, compiled: true });
      expect({ expression, error: r.error }).toEqual({ expression, error: expect.stringMatching(want.error) });
    }
  }
}

/** The raw value of an expression (non-bool results), for conversions. */
function valueOf(expression: string): unknown {
  const c = compileExpression(expression);
  if ('error' in c) throw new Error(c.error);
  const out = c.run(claims);
  if ('error' in out) throw new Error(out.error);
  return out.value;
}

describe('cel-go parity', () => {
  // cel-go common/types/double.go (Equal, Compare: a double equals and orders against int/uint at
  // runtime); cel-spec comparisons.textproto eq_int_double, lt_dyn_int_double; checker/env.go
  // crossTypeNumericComparisonOverloads (filtered at compile time in a default cel.NewEnv()).
  it('JSON numbers are doubles; numbers compare across types at runtime, not between typed literals', () => {
    expectRows([
      ['type(claims.iat) == double && type(claims.neg) == double', true],
      ['claims.iat == 1700000000 && claims.iat == 1700000000u && claims.iat == 1700000000.0', true],
      ['claims.iat != 1700000001', true],
      ['claims.iat < 1700000001 && claims.iat >= 1700000000 && claims.iat > 1699999999u', true],
      ['claims.f > 1 && claims.f < 2', true],
      ['claims.neg < 0u', true],
      ['dyn(1) == 1.0 && dyn(1u) == 1 && dyn(2) < 2.5', true],
      ['[1.0, 2.0, 3] == [1u, 2, 3u]', true], // cel-spec comparisons.textproto eq_list_mixed_type_numbers
      ['1 == 1.0', { compile: /'_==_' applied to '\(int, double\)'/ }],
      ['1 < 2.0', { compile: /'_<_' applied to '\(int, double\)'/ }],
      ['1u <= 1', { compile: /'_<=_' applied to '\(uint, int\)'/ }],
      ['int(claims.iat) < 1.5', { compile: /'_<_' applied to '\(int, double\)'/ }],
      ['claims.iat + 600 > 0', { error: /no matching overload/ }],
      ['claims.iat + 600.0 > 0.0 && int(claims.iat) + 600 > 0', true],
    ]);
    // cel-go checker/checker_test.go: the issue points at the operator (`<input>:1:3`, `<input>:1:16`)
    expect(evaluateTrust('1 <= 1.0 && 1u <= 1.0', claims).error).toBe(
      "compile error: <input>:1:3: found no matching overload for '_<=_' applied to '(int, double)'; <input>:1:16: found no matching overload for '_<=_' applied to '(uint, double)'",
    );
  });

  // cel-go common/types/list.go Contains (heterogeneous Equal), map.go refValMapAccessor.Find (a
  // double key finds an int or uint key when lossless); cel-spec lists.textproto in_list_*.
  it('`in` on lists and maps with mixed numeric types', () => {
    expectRows([
      ['claims.iat in [1700000000]', true],
      ['1 in claims.l && 2u in claims.l && 3.0 in claims.l', true],
      ['4 in claims.l', false],
      ['claims.iat in {1700000000: "a"}', true],
      ['dyn(1.0) in {1u: "a"}', true],
      ['dyn(1.5) in {1: "a"}', false],
      ['"a" in claims.sl && !("c" in claims.sl)', true],
      ['"a" in claims.m && !("z" in claims.m)', true],
      ['1 in [1.0]', { compile: /'@in' applied to '\(int, list\(double\)\)'/ }],
    ]);
  });

  // cel-go common/types/string.go (Size counts runes, Compare is strings.Compare = UTF-8 bytes),
  // standard.go contains/startsWith/endsWith/matches; cel-spec string.textproto.
  it('string functions: sizes in code points, byte-order comparison, substring tests', () => {
    expectRows([
      ['size(claims.s) == 5 && claims.s.size() == 5', true],
      ['size(claims.e) == 3', true],
      ['claims.e.contains("😀") && claims.e.startsWith("a😀") && claims.e.endsWith("😀b")', true],
      ['"\\uffff" < "😀" && "😀" > "\\uffff"', true], // JS UTF-16 order would say false
      ['"a" < "b" && "ab" >= "a" && "" < "a" && "b" <= "b"', true],
      ['claims.sub.contains("")', true],
      ['claims.sub.startsWith(1)', { compile: /'startsWith' applied to/ }],
      ['claims.sub.size() > 10u', { compile: /'_>_' applied to '\(int, uint\)'/ }],
    ]);
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
    expect(compareCodePoints('😀', '😁')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'ab')).toBeGreaterThan(0);
  });

  // cel-go common/stdlib/standard.go: only the standard library; string extensions (ext.Strings:
  // lowerAscii, upperAscii, split, replace, trim, format…) exist only when C1 enables them, which
  // it does not document, so they are undeclared here as in a default cel.NewEnv().
  it('string extension functions are not in the standard environment', () => {
    expectRows([
      ['claims.sub.lowerAscii() == "x"', { compile: /undeclared reference to 'lowerAscii'/ }],
      ['claims.sub.upperAscii() == "X"', { compile: /undeclared reference to 'upperAscii'/ }],
      ['claims.sub.split(":").size() == 6', { compile: /undeclared reference to 'split'/ }],
      ['claims.sub.indexOf("a") == 0', { compile: /undeclared reference to 'indexOf'/ }],
      ['[1, 2].exists(i, v, v == 2)', { compile: /undeclared reference/ }], // two-variable macros: ext.TwoVarComprehensions
    ]);
  });

  // cel-go matches = RE2 (Go regexp), unanchored find; cel-spec string.textproto matches_*.
  it('matches() has RE2 semantics: no lookaround or backreferences, (?i), \\d, unicode classes', () => {
    expectRows([
      ['claims.sub.matches(":role/")', true], // unanchored
      ['claims.sub.matches("^arn:aws:iam::\\\\d{12}:role/etl$")', true],
      ['"ABC".matches("(?i)^abc$")', true],
      ['claims.s.matches("^h\\\\pLllo$") && claims.e.matches("^a.b$")', true], // . and \\pL match one code point
      ['"a\\nb".matches("^b") == false && "a\\nb".matches("(?m)^b")', true],
      ['"abc".matches("[[:alpha:]]+") && "x".matches("\\\\x{78}")', true],
      ['matches(claims.sub, "etl$")', true],
      ['"abc".matches("a(?=b)")', { error: /regexp|Perl syntax/ }],
      ['"aa".matches("(a)\\\\1")', { error: /regexp|escape/ }],
      ['"ab".matches("(")', { error: /regexp|missing/ }],
      ['"ab".matches("a{2,1}")', { error: /regexp|repeat/ }],
    ]);
  });

  // cel-go interpreter: && and || are commutative over errors (standard.go LogicalAnd/LogicalOr docs:
  // error && false = false, error || true = true); cel-spec logic.textproto AND/OR *_error_*.
  it('&& and || absorb errors in either order', () => {
    expectRows([
      ['false && claims.nope == "x"', false],
      ['claims.nope == "x" && false', false],
      ['true || claims.nope == "x"', true],
      ['claims.nope == "x" || true', true],
      ['claims.nope == "x" && true', { error: /no such key: nope/ }],
      ['true && claims.nope == "x"', { error: /no such key: nope/ }],
      ['claims.nope == "x" || false', { error: /no such key: nope/ }],
      ['claims.nope == "x" || claims.other == "y"', { error: /no such key/ }],
      ['!(claims.nope == "x")', { error: /no such key/ }],
      ['(1 / 0 == 1) || claims.sub.endsWith("etl")', true],
      ['claims.nope == "x" ? true : true', { error: /no such key/ }],
      ['true ? true : claims.nope == "x"', true],
    ]);
  });

  // cel-spec macros.textproto (all/exists/exists_one/map/filter on lists and maps, error absorption
  // inside all/exists); cel-go parser/macro.go; has() on maps: interpreter/attributes.go refQualify.
  it('macros on lists and maps, and has()', () => {
    expectRows([
      ['claims.l.all(x, x > 0) && claims.l.exists(x, x == 2) && claims.l.exists_one(x, x > 2)', true],
      ['claims.l.exists_one(x, x > 1)', false],
      ['claims.l.map(x, x * 2.0) == [2.0, 4.0, 6.0]', true],
      ['claims.l.map(x, x * 2) == [2, 4, 6]', { error: /no matching overload|_\*_/ }], // double * int
      ['claims.l.filter(x, x >= 2).size() == 2', true],
      ['claims.l.map(x, x > 1, x + 10.0) == [12.0, 13.0]', true],
      ['claims.m.all(k, k in ["a", "b"]) && claims.m.exists(k, claims.m[k] == "x")', true],
      ['claims.m.filter(k, k == "a") == ["a"]', true],
      ['[1, 2, 3].all(x, 1 / (x - 2) > 0)', false], // the false at x=1 absorbs the error at x=2
      ['[0, 1].exists(x, 1 / x == 1)', true], // the error at x=0 is absorbed by the true at x=1
      ['[0].exists(x, 1 / x == 1)', { error: /divide by zero|division by zero/ }],
      ['has(claims.sub) && !has(claims.absent) && has(claims.n) && has(claims.m.a) && !has(claims.m.z)', true],
      ['has(claims.n.x)', false],
      ['has(claims.absent.x)', { error: /no such key: absent/ }],
    ]);
  });

  // cel-go interpreter/attributes.go (missingKey: "no such key", missingIndex), common/types/overflow.go
  // (int64/uint64 overflow, division and modulus by zero), double.go/int.go ConvertToType ranges;
  // cel-spec integer_math.textproto, conversions.textproto int_range/uint_range.
  it('runtime errors: missing keys, indexes, division, overflow, range of conversions', () => {
    expectRows([
      ['claims.nope == "x"', { error: /^no such key: nope$/ }],
      ['claims.m["z"] == 1', { error: /no such key: z/ }],
      ['claims.l[3] == 1', { error: /3/ }],
      ['claims.l[-1] == 1', { error: /-1/ }],
      ['claims.l[1.0] == 2 && claims.l[0u] == 1', true],
      ['1 / (claims.l.size() - 3) == 0', { error: /divide by zero|division by zero/ }],
      ['1 % (claims.l.size() - 3) == 0', { error: /modulus by zero/ }],
      ['9223372036854775807 + claims.l.size() > 0', { error: /overflow/ }],
      ['-9223372036854775808 - claims.l.size() < 0', { error: /overflow/ }],
      ['-9223372036854775808 % -1 == 0', { error: /overflow/ }],
      ['-9223372036854775808 / -1 == 0', { error: /overflow/ }],
      ['2 * 4611686018427387904 > 0', { error: /overflow/ }],
      ['1u - 2u > 0u', { error: /overflow/ }],
      ['18446744073709551615u + 1u > 0u', { error: /overflow/ }],
      ['int(claims.big) > 0', { error: /overflow|range/ }],
      ['int(9223372036854775807.0) > 0', { error: /overflow|range/ }],
      ['uint(claims.neg) > 0u', { error: /overflow|range/ }],
      ['int(claims.f) == 1 && int(-1.5) == -1 && uint(1.9) == 1u', true], // truncation toward zero
      ['1.0 / 0.0 > 1e308 && -1.0 / 0.0 < -1e308', true],
      ['7 % -3 == 1 && -7 / 2 == -3', true],
    ]);
  });

  // cel-go common/types/double.go ConvertToType(StringType) = fmt.Sprintf("%g"), string.go
  // ConvertToType (strconv.ParseInt/ParseUint base 10, ParseFloat, ParseBool), duration.go
  // (string = FormatFloat(Seconds,'f',-1)+"s", int = nanoseconds), timestamp.go (RFC3339Nano);
  // cel-spec conversions.textproto.
  it('conversions format and parse as Go does', () => {
    expectRows([
      ['string(claims.iat) == "1.7e+09"', true], // JS would print "1700000000"
      ['string(int(claims.iat)) == "1700000000"', true],
      ['string(claims.f) == "1.5" && string(1.0) == "1" && string(-4.5e-3) == "-0.0045"', true],
      ['string(123456789.0) == "1.23456789e+08" && string(100000.0) == "100000" && string(1e-5) == "1e-05"', true],
      ['string(1.0 / 0.0) == "+Inf" && string(-1.0 / 0.0) == "-Inf" && string(double("nan")) == "NaN"', true],
      ['int("42") == 42 && int("-42") == -42 && int("+7") == 7 && uint("42") == 42u', true],
      ['int("0x10") == 16', { error: /conversion/ }],
      ['int(" 1") == 1', { error: /conversion/ }],
      ['int("1.0") == 1', { error: /conversion/ }],
      ['int("9223372036854775808") > 0', { error: /range/ }],
      ['uint("+1") == 1u', { error: /conversion/ }],
      ['uint("-1") == 1u', { error: /conversion/ }],
      ['double("1e3") == 1000.0 && double("inf") > 1e308 && double("-Infinity") < 0.0 && double(".5") == 0.5', true],
      ['double("abc") == 0.0', { error: /conversion/ }],
      ['double("1e400") > 0.0', { error: /range/ }],
      ['bool("true") && bool("T") && bool("1") && !bool("False") && !bool("0")', true],
      ['bool("yes")', { error: /conversion/ }],
      ['bool("tRue")', { error: /conversion/ }],
      ['string(duration("1.5s")) == "1.5s" && string(duration("1h")) == "3600s" && string(duration("-1ms")) == "-0.001s"', true],
      ['int(duration("90s")) == 90000000000', true],
      ['string(timestamp("2023-01-01T00:00:00.500Z")) == "2023-01-01T00:00:00.5Z"', true],
      ['string(timestamp("2023-01-01T00:00:00Z")) == "2023-01-01T00:00:00Z"', true],
      ['bytes("é").size() == 2 && b"\\xc3\\xa9" == bytes("é") && string(b"\\303\\251") == "é"', true],
      ['string(b"\\xff") == ""', { error: /./ }],
      ['b"abc" < b"abd" && type(b"a") == bytes', true],
    ]);
    expect(valueOf('string(1e21)')).toBe('1e+21');
    expect(valueOf('string(-0.0)')).toBe('-0');
    expect(goFormatG(0.0001)).toBe('0.0001');
    expect(goFormatG(1e-7)).toBe('1e-07');
    expect(goFormatG(1234567)).toBe('1.234567e+06');
  });

  // cel-go string.go ConvertToType(TimestampType) = time.Parse(time.RFC3339) within
  // 0001..9999 (minUnixTime/maxUnixTime), int.go ConvertToType(TimestampType) (seconds, range
  // checked), Go time.ParseDuration; standard.go (no duration(int) overload); cel-spec
  // timestamps.textproto timestamp_range/from_int_*.
  it('timestamps and durations: parsing, ranges and overloads', () => {
    expectRows([
      ['timestamp(int(claims.iat)) == timestamp("2023-11-14T22:13:20Z")', true],
      ['timestamp("2024-02-29T00:00:00Z") == timestamp("2024-02-28T23:00:00-01:00")', true],
      ['timestamp("2023-01-01T00:00:00.123456789123Z") == timestamp("2023-01-01T00:00:00.123456789Z")', true],
      ['timestamp("0001-01-01T00:00:00Z") == timestamp(-62135596800)', true],
      ['timestamp(253402300799) > timestamp(0)', true],
      ['timestamp(253402300800) > timestamp(0)', { error: /timestamp overflow/ }],
      ['timestamp(-62135596801) < timestamp(0)', { error: /timestamp overflow/ }],
      ['timestamp("2023-01-01T24:00:00Z") > timestamp(0)', { error: /hour out of range/ }],
      ['timestamp("2023-02-29T00:00:00Z") > timestamp(0)', { error: /day out of range/ }],
      ['timestamp("2023-01-01T00:00:60Z") > timestamp(0)', { error: /second out of range/ }],
      ['timestamp("2023-01-01T00:00:00") > timestamp(0)', { error: /conversion/ }],
      ['timestamp("2023-01-01t00:00:00z") > timestamp(0)', { error: /conversion/ }],
      ['timestamp(claims.iat) > timestamp(0)', { error: /no matching overload/ }],
      ['timestamp(1.5) > timestamp(0)', { compile: /'timestamp' applied to '\(double\)'/ }],
      ['duration(60) == duration("60s")', { compile: /'duration' applied to '\(int\)'/ }],
      ['duration("1h30m") == duration("5400s") && duration("1.5h") == duration("90m") && duration(".5s") == duration("500ms")', true],
      ['duration("1us") == duration("1µs") && duration("1000ns") == duration("1us") && duration("-0") == duration("0s")', true],
      ['duration("") == duration("0s")', { error: /invalid duration/ }],
      ['duration("1") == duration("1s")', { error: /invalid duration/ }],
      ['duration("1d") == duration("24h")', { error: /invalid duration/ }],
      ['duration("2562048h") > duration("0s")', { error: /invalid duration|out of range/ }],
      ['timestamp("2023-01-01T00:00:00Z") + duration("1h") == timestamp("2023-01-01T01:00:00Z")', true],
      ['timestamp("2023-01-01T01:00:00Z") - timestamp("2023-01-01T00:00:00Z") == duration("1h")', true],
      ['timestamp("2023-01-01T00:00:00Z").getDayOfWeek() == 0 && timestamp("2023-01-01T00:00:00Z").getMonth() == 0', true],
      ['timestamp("2023-01-01T00:00:00Z").getDate() == 1 && timestamp("2023-01-01T00:00:00Z").getDayOfMonth() == 0', true],
      ['timestamp("2023-01-01T00:00:00Z").getHours("America/New_York") == 19 && timestamp("2023-01-01T00:00:00Z").getHours("+05:30") == 5', true],
      ['duration("90s").getMinutes() == 1 && duration("90s").getSeconds() == 90', true],
    ]);
  });

  // cel-go interpreter/interpretable.go evalMap.Eval (entries fill a Go map: a repeated key keeps
  // the last value); cel-go conformance/BUILD.bazel skips cel-spec's map_value_repeat_key for this.
  it('a repeated key in a map literal keeps the last value', () => {
    expectRows([
      ['{"a": 1, "a": 2}["a"] == 2', true],
      ['{true: 1, false: 2, true: 3}[true] == 3', true],
      ['{"a": 1, "b": 3, "a": 2} == {"a": 2, "b": 3}', true],
      ['{"a": 1 / 0, "a": 2}["a"] == 2', { error: /divide by zero|division by zero/ }], // still evaluated
    ]);
  });

  // cel-go parser/parser.go: maxRecursionDepth defaults to 250 (recursionListener counts open
  // contexts per grammar rule; checkAndIncrementRecursionDepth counts the visitor's depth).
  it('the parser refuses nesting past cel-go\'s recursion limit of 250', () => {
    const parens = (k: number): string => `${'('.repeat(k)}claims.sub == "x"${')'.repeat(k)}`;
    const plus = (ops: number): string => `${Array.from({ length: ops + 1 }, () => '1').join('+')} > 0`;
    const selects = (k: number): string => `has(claims${'.a'.repeat(k)})`;
    const lists = (k: number): string => `size(${'['.repeat(k)}${']'.repeat(k)}) == 1`;
    expectRows([
      [parens(249), false],
      [plus(248), true],
      [lists(248), true],
      ['!'.repeat(400) + 'true', true], // `!`+ is one flat rule
      [`claims.sub != "${'('.repeat(300)}" && claims.sub != '${'['.repeat(300)}'`, true], // brackets in strings do not count
    ]);
    for (const e of [parens(250), plus(249), selects(250), lists(250)]) {
      expect({ e: e.slice(0, 20), r: evaluateTrust(e, claims) }).toEqual({ e: e.slice(0, 20), r: { matched: false, error: 'parse error: <input>:-1:0: expression recursion limit exceeded: 250' } });
    }
    expect(lintTrust(parens(250)).map((f) => f.code)).toEqual(['CEL_PARSE_ERROR']);
  });

  // cel-go common/types/types.go type names; cel-spec basic.textproto / type_deduction.textproto;
  // null: common/types/null.go (null equals only null), JSON null binds as null_type.
  it('type() values and null comparisons', () => {
    expectRows([
      ['type(claims.n) == null_type && type(claims.l) == list && type(claims.m) == map && type(claims.sub) == string', true],
      ['type(1) == int && type(1u) == uint && type(b"") == bytes && type(true) == bool && type(int) == type', true],
      ['type(duration("1s")) == google.protobuf.Duration && type(timestamp(0)) == google.protobuf.Timestamp', true],
      ['type(claims.iat) == int', false],
      ['claims.n == null && null == claims.n && claims.iat != null && !(claims.sub == null)', true],
      ['claims.m.a == null', false],
      ['string(type(1)) == "int"', { compile: /'string' applied to '\(type\(int\)\)'/ }],
    ]);
  });
});
