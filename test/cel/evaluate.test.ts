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

  it('timestamp(int) reads seconds; integral JSON numbers are ints', () => {
    expect(evaluateTrust('timestamp(claims.iat) == timestamp("2023-11-14T22:13:20Z")', claims)).toEqual({ matched: true });
    expect(evaluateTrust('timestamp(claims.exp) - timestamp(claims.iat) == duration("300s")', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.iat + 300 == claims.exp', claims)).toEqual({ matched: true });
    // bufbuild's own timestamp(int) reads milliseconds: 1.7e9 ms is January 1970
    expect(evaluateTrust('timestamp(claims.iat) < timestamp("1970-02-01T00:00:00Z")', claims)).toEqual({ matched: false });
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
    expect(evaluateTrust('claims.iat', claims).error).toMatch(/got int/);
  });

  it('reports parse errors and missing claims as errors', () => {
    expect(evaluateTrust('claims.sub ==', claims).error).toMatch(/^parse error: <input>:1:/);
    const missing = evaluateTrust('claims.nope == "x"', claims);
    expect(missing.matched).toBe(false);
    expect(missing.error).toMatch(/nope/);
  });

  it('absorbs errors the way cel-go does in && and ||', () => {
    expect(evaluateTrust('claims.nope == "x" || claims.sub.endsWith("/etl")', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.sub.endsWith("/etl") || claims.nope == "x"', claims)).toEqual({ matched: true });
    expect(evaluateTrust('claims.nope == "x" && false', claims)).toEqual({ matched: false });
    expect(evaluateTrust('false && claims.nope == "x"', claims)).toEqual({ matched: false });
    expect(evaluateTrust('claims.nope == "x" && true', claims).error).toMatch(/nope/);
    expect(evaluateTrust('claims.nope == "x" || false', claims).error).toMatch(/nope/);
  });

  it('has(): present → true, absent → false, JSON null → false (bufbuild; cel-go says true)', () => {
    expect(evaluateTrust('has(claims.sub)', claims).matched).toBe(true);
    expect(evaluateTrust('has(claims.absent)', claims)).toEqual({ matched: false });
    expect(evaluateTrust('has(claims.optional)', claims)).toEqual({ matched: false });
    expect(evaluateTrust(`"${NS}" in claims && "org_id" in claims["${NS}"]`, claims).matched).toBe(true);
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
