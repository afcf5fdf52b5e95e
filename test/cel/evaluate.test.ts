import { cachedTrust, compileTrust, evaluateTrust, trustCacheSize } from '../../src/cel/evaluate';

const NS = 'https://sts.amazonaws.com/';
const claims = {
  iss: 'https://abc.tokens.sts.global.api.aws',
  sub: 'arn:aws:iam::123456789012:role/etl',
  aud: 'acme.conductor.one',
  iat: 1_700_000_000,
  exp: 1_700_000_300,
  optional: null,
  [NS]: { aws_account: '123456789012', org_id: 'o-abc1234567', principal_tags: { team: 'data' } },
};

describe('evaluateTrust', () => {
  it('reads AWS claims with bracket access', () => {
    expect(evaluateTrust(`claims["${NS}"]["aws_account"] == "123456789012" && claims.sub == "arn:aws:iam::123456789012:role/etl"`, claims)).toEqual({ matched: true });
    expect(evaluateTrust(`claims["${NS}"]["aws_account"] == "999999999999"`, claims)).toEqual({ matched: false });
    expect(evaluateTrust(`claims["${NS}"]["principal_tags"]["team"] == "data"`, claims).matched).toBe(true);
  });

  it('supports the documented functions', () => {
    expect(evaluateTrust('claims.sub.startsWith("arn:aws:iam::123456789012:role/")', claims).matched).toBe(true);
    expect(evaluateTrust('claims.sub.endsWith("/etl")', claims).matched).toBe(true);
    expect(evaluateTrust('claims.sub.contains(":role/")', claims).matched).toBe(true);
    expect(evaluateTrust('claims.sub.matches("^arn:aws:iam::[0-9]{12}:role/etl$")', claims).matched).toBe(true);
    expect(evaluateTrust('size(claims.aud) == 18', claims).matched).toBe(true);
  });

  it('JSON numbers are doubles, as cel-go binds them: int-only expressions fail as they do in C1', () => {
    expect(evaluateTrust('type(claims.iat) == double', claims)).toEqual({ matched: true });
    expect(evaluateTrust('type(claims.iat) == int', claims)).toEqual({ matched: false });
    const plus = evaluateTrust('claims.iat + 600 > 0', claims);
    expect(plus.matched).toBe(false);
    expect(plus.error).toMatch(/no matching overload for '_\+_' applied to '\(double, int\)'/);
    const ts = evaluateTrust('timestamp(claims.iat) > timestamp("2020-01-01T00:00:00Z")', claims);
    expect(ts.matched).toBe(false);
    expect(ts.error).toMatch(/no matching overload for 'timestamp' applied to '\(double\)'/);
    // the fixes the linter proposes
    expect(evaluateTrust('int(claims.iat) + 300 == int(claims.exp)', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.iat + 300.0 == claims.exp', claims)).toEqual({ matched: true });
    // numbers compare across types, so plain comparisons work
    expect(evaluateTrust('claims.iat == 1700000000 && claims.exp > 1700000000 && claims.exp - claims.iat == 300.0', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.iat < 1700000000', claims)).toEqual({ matched: false });
    // a fractional JSON number is a double too
    expect(evaluateTrust('claims.f == 1.5', { f: 1.5 })).toEqual({ matched: true });
  });

  it('timestamp(int) reads seconds', () => {
    expect(evaluateTrust('timestamp(int(claims.iat)) == timestamp("2023-11-14T22:13:20Z")', claims)).toEqual({ matched: true });
    expect(evaluateTrust('timestamp(int(claims.exp)) - timestamp(int(claims.iat)) == duration("300s")', claims)).toEqual({ matched: true });
    // bufbuild's own timestamp(int) reads milliseconds: 1.7e9 ms is January 1970
    expect(evaluateTrust('timestamp(int(claims.iat)) < timestamp("1970-02-01T00:00:00Z")', claims)).toEqual({ matched: false });
  });

  it('enforces the 1,024-byte limit (bytes, not characters)', () => {
    const pad = (n: number): string => `claims.sub == "${'a'.repeat(n - 16)}"`;
    expect(pad(1024).length).toBe(1024);
    expect(evaluateTrust(pad(1024), claims)).toEqual({ matched: false });
    const over = evaluateTrust(pad(1025), claims);
    expect(over.matched).toBe(false);
    expect(over.error).toMatch(/1025 bytes.*at most 1024/);
    const multibyte = `claims.sub == "${'é'.repeat(505)}"`; // 1,026 bytes in 521 characters
    expect(evaluateTrust(multibyte, claims).error).toMatch(/1026 bytes/);
  });

  it('a non-bool result is an error', () => {
    expect(evaluateTrust('claims.sub', claims)).toEqual({ matched: false, error: 'expression must evaluate to a bool, got string' });
    expect(evaluateTrust('claims.iat', claims).error).toMatch(/got double/);
    expect(evaluateTrust('1 + 1', claims).error).toMatch(/^compile error: .*type is int; a trust condition must be a bool/);
  });

  it('reports parse errors and missing claims as errors', () => {
    expect(evaluateTrust('claims.sub ==', claims).error).toMatch(/^parse error: <input>:1:/);
    const missing = evaluateTrust('claims.nope == "x"', claims);
    expect(missing.matched).toBe(false);
    expect(missing.error).toBe('no such key: nope'); // cel-go's wording
  });

  it('absorbs errors the way cel-go does in && and ||', () => {
    expect(evaluateTrust('claims.nope == "x" || claims.sub.endsWith("/etl")', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.sub.endsWith("/etl") || claims.nope == "x"', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.nope == "x" && false', claims)).toEqual({ matched: false });
    expect(evaluateTrust('false && claims.nope == "x"', claims)).toEqual({ matched: false });
    expect(evaluateTrust('claims.nope == "x" && true', claims).error).toMatch(/nope/);
    expect(evaluateTrust('claims.nope == "x" || false', claims).error).toMatch(/nope/);
  });

  it('has(): present → true, absent → false, present with JSON null → true (as cel-go)', () => {
    expect(evaluateTrust('has(claims.sub)', claims).matched).toBe(true);
    expect(evaluateTrust('has(claims.absent)', claims)).toEqual({ matched: false });
    expect(evaluateTrust('has(claims.optional)', claims)).toEqual({ matched: true });
    expect(evaluateTrust('"optional" in claims', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.optional == null', claims)).toEqual({ matched: true });
    expect(evaluateTrust(`has(claims["${NS}"].source_identity)`, { [NS]: { source_identity: null } })).toEqual({ matched: true });
    expect(evaluateTrust(`"${NS}" in claims && "org_id" in claims["${NS}"]`, claims).matched).toBe(true);
  });

  it('binds JSON arrays as lists and nested objects as maps', () => {
    const c = { aud: ['acme.conductor.one', 'other'], arr: [{ x: null }, 2], [NS]: { principal_tags: { team: 'data' } } };
    const cases: ReadonlyArray<readonly [string, boolean]> = [
      ['"acme.conductor.one" in claims.aud', true],
      ['claims.aud.size() == 2 && size(claims.aud) == 2', true],
      ['claims.aud[0] == "acme.conductor.one"', true],
      ['claims.aud == ["acme.conductor.one", "other"]', true],
      ['claims.aud.exists(a, a.endsWith(".conductor.one"))', true],
      ['claims.aud.all(a, a.endsWith(".conductor.one"))', false],
      ['type(claims.aud) == list && type(claims.arr[0]) == map', true],
      ['has(claims.arr[0].x) && claims.arr[1] == 2', true],
      ['claims.arr == [{"x": null}, 2.0]', true],
      [`claims["${NS}"].principal_tags == {"team": "data"}`, true],
      [`claims["${NS}"].principal_tags.exists(k, claims["${NS}"].principal_tags[k] == "data")`, true],
      ['size(claims) == 3 && claims.all(k, k != "")', true],
    ];
    for (const [expression, matched] of cases) expect({ expression, result: evaluateTrust(expression, c) }).toEqual({ expression, result: { matched } });
  });

  it('reports what cel-go\'s type checker rejects as compile errors, not false/true', () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ['1 == "a"', /found no matching overload for '_==_' applied to '\(int, string\)'/],
      ['1 == 1.0', /found no matching overload for '_==_' applied to '\(int, double\)'/],
      ['claims.sub == "x" || 1u == 1', /'_==_' applied to '\(uint, int\)'/],
      ['"a" + 1 == "a1"', /'_\+_' applied to '\(string, int\)'/],
      ['claims.sub.startsWith(1)', /'startsWith' applied to 'dyn.\(int\)'/],
      ['!1', /'!_' applied to '\(int\)'/],
      ['1 && true', /'_&&_' applied to '\(int, bool\)'/],
      ['true ? 1 : "a"', /'_\?_:_'/],
      ['foo == 1', /undeclared reference to 'foo'/],
      ['claims.sub.lowerAscii() == "x"', /undeclared reference to 'lowerAscii'/],
      ['size(1) == 1', /'size' applied to '\(int\)'/],
      ['1 in claims', /'@in' applied to '\(int, map\(string, dyn\)\)'/],
      ['"a".x == 1', /type 'string' does not support field selection/],
      ['[1, 2].all(x, x == "a")', /'_==_' applied to '\(int, string\)'/],
      ['timestamp(1.5) > timestamp(0)', /'timestamp' applied to '\(double\)'/],
    ];
    for (const [expression, message] of cases) {
      const r = evaluateTrust(expression, claims);
      expect({ expression, matched: r.matched }).toEqual({ expression, matched: false });
      expect(r.error).toMatch(/^compile error: <input>:1:\d+: /);
      expect(r.error).toMatch(message);
    }
  });

  it('accepts what cel-go accepts with claims as map(string, dyn)', () => {
    const ok: ReadonlyArray<readonly [string, boolean]> = [
      ['claims.iat == 1700000000', true],
      ['claims.sub == 1', false],
      ['claims.aud == claims.sub', false],
      ['dyn(1) == 1.0', true],
      ['dyn(1) < 2.0', true],
      ['claims.nothing_here == null || true', true],
      ['claims.optional == null', true],
      ['[1, "a"].size() == 2', true],
      ['"etl" in ["etl", "web"]', true],
      ['claims.sub in ["arn:aws:iam::123456789012:role/etl"]', true],
      ['{"a": 1}.a == 1', true],
      ['[1, 2, 3].map(x, x * 2).exists(y, y == 6)', true],
      ['[1, 2, 3].filter(x, x > 1).size() == 2', true],
      ['[1, 2].exists_one(x, x == 2)', true],
      [`claims["${NS}"].principal_tags.all(k, k.startsWith("t"))`, true],
      ['type(claims.sub) == string && type(claims) == map', true],
      ['string(1) == "1" && int("2") == 2 && double(1) == 1.0 && uint(1) == 1u', true],
      ['timestamp("2026-01-01T00:00:00Z").getFullYear() == 2026', true],
      ['duration("60s").getSeconds() == 60', true],
      ['b"ab".size() == 2 && bytes("ab") == b"ab"', true],
      ['matches(claims.sub, ":role/") && claims.sub.matches("etl$")', true],
      ['-claims.iat < 0.0', true],
    ];
    for (const [expression, matched] of ok) {
      expect({ expression, result: evaluateTrust(expression, claims) }).toEqual({ expression, result: { matched } });
    }
  });

  it('compiles once per expression and keeps the cache bounded', () => {
    const cold = 'claims.sub == "cold"';
    const hot = 'claims.sub == "hot"';
    const coldFirst = cachedTrust(cold);
    const hotFirst = cachedTrust(hot);
    expect(cachedTrust(cold)).toBe(coldFirst);
    for (let i = 0; i < 300; i++) {
      cachedTrust(`claims.sub == "${i}"`);
      expect(cachedTrust(hot)).toBe(hotFirst); // recently used: kept
    }
    expect(trustCacheSize()).toBe(256);
    expect(cachedTrust(cold)).not.toBe(coldFirst); // least recently used: evicted and recompiled
  });

  it('treats a "__proto__" claim as an ordinary key', () => {
    const hostile = JSON.parse('{"__proto__": {"sub": "forged"}, "sub": "real"}') as Record<string, unknown>;
    expect(evaluateTrust('claims["__proto__"]["sub"] == "forged" && claims.sub == "real"', hostile)).toEqual({ matched: true });
    expect(evaluateTrust('claims.sub == "forged"', hostile)).toEqual({ matched: false });
  });

  it('compileTrust returns a reusable evaluator', () => {
    const run = compileTrust(`claims["${NS}"]["aws_account"] == "123456789012"`);
    expect(run(claims)).toEqual({ matched: true });
    expect(run({ ...claims, [NS]: { aws_account: '000000000000' } })).toEqual({ matched: false });
    expect(run({}).error).toBeDefined();
  });
});
