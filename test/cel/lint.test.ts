import { lintTrust, type LintFinding } from '../../src/cel/lint';
import { recommendTrustExpression } from '../../src/cel/recommend';

const NS = 'https://sts.amazonaws.com/';
const ACCOUNT = `claims["${NS}"]["aws_account"] == "123456789012"`;
const SUB = 'claims.sub == "arn:aws:iam::123456789012:role/etl"';
const codes = (f: LintFinding[]): string[] => f.map((x) => x.code).sort();

describe('lintTrust', () => {
  it('finds nothing in a clean AWS expression (hand-written and recommended)', () => {
    expect(lintTrust(`${ACCOUNT} && ${SUB}`, { provider: 'aws' })).toEqual([]);
    expect(lintTrust(`${SUB} && ${ACCOUNT}`)).toEqual([]);
    const rec = recommendTrustExpression({ accountId: '123456789012', roleArns: ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/b'], orgId: 'o-abc1234567', principalTags: { team: 'data' } });
    expect(lintTrust(rec, { provider: 'aws' })).toEqual([]);
    expect(lintTrust(`${ACCOUNT} && (${SUB} || claims.sub == "arn:aws:iam::123456789012:role/other")`, { provider: 'aws' })).toEqual([]);
  });

  it('CEL_PARSE_ERROR is an error with the position', () => {
    const f = lintTrust(`${ACCOUNT} &&\n  claims.sub == )`);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'CEL_PARSE_ERROR', severity: 'error', position: { line: 2, column: 14 } }); // the parser points at the "==" it could not complete
    expect(f[0].position?.offset).toBe(ACCOUNT.length + 4 + 13);
    expect(f[0].message).toContain("<input>:2:14");
    expect(f[0].fix).toBeTruthy();
  });

  it('CEL_TOO_LONG is an error above 1,024 bytes', () => {
    const long = `${ACCOUNT} && claims.sub in [${Array.from({ length: 20 }, (_, i) => `"arn:aws:iam::123456789012:role/workload-role-number-${i}"`).join(', ')}]`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(1024);
    const f = lintTrust(long, { provider: 'aws' });
    expect(codes(f)).toEqual(['CEL_TOO_LONG']);
    expect(f[0].severity).toBe('error');
  });

  it('CEL_NO_ACCOUNT_BINDING and CEL_NO_SUB_BINDING are warnings', () => {
    expect(codes(lintTrust(SUB, { provider: 'aws' }))).toEqual(['CEL_NO_ACCOUNT_BINDING']);
    expect(codes(lintTrust(ACCOUNT))).toEqual(['CEL_NO_SUB_BINDING']);
    expect(lintTrust(ACCOUNT)[0].severity).toBe('warning');
    // a binding that is negated or compared with something non-literal is no binding
    expect(codes(lintTrust(`${ACCOUNT} && claims.sub != "x"`))).toEqual(['CEL_NO_SUB_BINDING']);
    expect(codes(lintTrust(`claims["${NS}"]["aws_account"] == claims.aud && ${SUB}`, { provider: 'aws' }))).toEqual(['CEL_NO_ACCOUNT_BINDING']);
  });

  it('the AWS checks run without provider only when the expression reads the AWS namespace', () => {
    expect(lintTrust('claims.repository == "acme/app"')).toEqual([]);
    expect(codes(lintTrust('claims.repository == "acme/app"', { provider: 'aws' }))).toEqual(['CEL_NO_ACCOUNT_BINDING', 'CEL_NO_SUB_BINDING']);
  });

  it('CEL_TOP_LEVEL_OR when a branch widens the trust', () => {
    const f = lintTrust(`${ACCOUNT} && ${SUB} || claims.sub == "arn:aws:iam::999999999999:role/etl"`);
    expect(codes(f)).toEqual(['CEL_NO_ACCOUNT_BINDING', 'CEL_TOP_LEVEL_OR']);
    const or = f.find((x) => x.code === 'CEL_TOP_LEVEL_OR');
    expect(or?.message).toMatch(/1 of its 2 branches/);
    expect(or?.position?.offset).toBeGreaterThan(ACCOUNT.length + SUB.length);
    // every branch pinned: no widening
    const two = `(${ACCOUNT} && ${SUB}) || (claims["${NS}"]["aws_account"] == "210987654321" && claims.sub == "arn:aws:iam::210987654321:role/etl")`;
    expect(lintTrust(two)).toEqual([]);
  });

  it('CEL_SUB_PREFIX_WITHOUT_ACCOUNT for startsWith/endsWith/matches/contains on sub with no account', () => {
    for (const fn of ['startsWith("arn:aws:iam::123456789012:role/")', 'endsWith("/etl")', 'matches(".*:role/etl$")', 'contains("etl")']) {
      const f = lintTrust(`claims.sub.${fn} && claims["${NS}"]["org_id"] == "o-abc1234567"`);
      expect(codes(f)).toEqual(['CEL_NO_ACCOUNT_BINDING', 'CEL_SUB_PREFIX_WITHOUT_ACCOUNT']);
      expect(f.find((x) => x.code === 'CEL_SUB_PREFIX_WITHOUT_ACCOUNT')?.position?.offset).toBe(10);
    }
    // with the account pinned, a prefix on sub is fine
    expect(lintTrust(`${ACCOUNT} && claims.sub.startsWith("arn:aws:iam::123456789012:role/etl-")`)).toEqual([]);
  });

  it('CEL_AWS_CLAIM_NOT_NAMESPACED for claims.aws_account', () => {
    const f = lintTrust(`claims.aws_account == "123456789012" && ${SUB}`, { provider: 'aws' });
    expect(codes(f)).toEqual(['CEL_AWS_CLAIM_NOT_NAMESPACED', 'CEL_NO_ACCOUNT_BINDING']);
    expect(f[0].fix).toContain(`claims["${NS}"]["aws_account"]`);
  });
});

describe('lintTrust: what cel-go would refuse or always fail', () => {
  it('CEL_TYPE_ERROR for what cel-go\'s checker refuses at compile time, with the position', () => {
    const e = `${ACCOUNT} && ${SUB} && 1 == "a"`;
    const f = lintTrust(e, { provider: 'aws' });
    expect(codes(f)).toEqual(['CEL_TYPE_ERROR']);
    expect(f[0]).toMatchObject({ severity: 'error', stage: 'compile' });
    expect(f[0].message).toMatch(/found no matching overload for '_==_' applied to '\(int, string\)'/);
    // the parser places a relation at its operator (bufbuild: the blank before it)
    expect(f[0].position?.offset).toBeGreaterThanOrEqual(e.indexOf('1 == "a"') + 1);
    expect(f[0].position?.offset).toBeLessThanOrEqual(e.indexOf('1 == "a"') + 2);
    expect(codes(lintTrust('claims.sub.lowerAscii() == "x"'))).toEqual(['CEL_TYPE_ERROR']);
    expect(codes(lintTrust('1 == 1.0'))).toEqual(['CEL_TYPE_ERROR']);
  });

  it('CEL_NUMERIC_CLAIM_IS_DOUBLE for int arithmetic or timestamp() on a JSON number, with the int() fix', () => {
    const plus = lintTrust('claims.iat + 600 > 1700000000');
    expect(codes(plus)).toEqual(['CEL_NUMERIC_CLAIM_IS_DOUBLE']);
    expect(plus[0]).toMatchObject({ severity: 'error', stage: 'evaluate', position: { offset: 11 } });
    expect(plus[0].message).toMatch(/claims\.iat is a JSON number.*double.*'_\+_' applied to '\(double, int\)'/);
    expect(plus[0].fix).toContain('int(claims.iat)');
    const ts = lintTrust('timestamp(claims["exp"]) > timestamp("2026-01-01T00:00:00Z")');
    expect(codes(ts)).toEqual(['CEL_NUMERIC_CLAIM_IS_DOUBLE']);
    expect(ts[0].fix).toContain('timestamp(int(claims.exp))');
    expect(codes(lintTrust('claims.exp - claims.iat <= 3600'))).toEqual([]); // double - double, compared across types: fine
    expect(codes(lintTrust('claims.exp % 60 == 0'))).toEqual(['CEL_NUMERIC_CLAIM_IS_DOUBLE']);
  });

  it('no finding once converted, or for comparisons (CEL compares numbers across types)', () => {
    for (const e of ['int(claims.iat) + 600 > 1700000000', 'timestamp(int(claims.iat)) > timestamp("2026-01-01T00:00:00Z")', 'claims.iat + 600.0 > 1700000000.0', 'claims.iat > 1700000000', 'claims.exp - claims.iat <= 3600.0']) {
      expect({ e, codes: codes(lintTrust(e)) }).toEqual({ e, codes: [] });
    }
  });

  it('numbers compare across types at runtime (cel-go), so comparisons of a numeric claim with int literals are fine', () => {
    for (const e of ['claims.iat == 1700000000', 'claims.iat != 0', 'claims.iat in [1700000000, 1700000001]', 'claims.exp >= 1700000000u', 'claims.exp - claims.iat < 600']) {
      expect({ e, codes: codes(lintTrust(e)) }).toEqual({ e, codes: [] });
    }
  });

  it('CEL_TYPE_ERROR for what a default cel-go checker refuses: typed cross-type comparisons, duration(int)', () => {
    const lt = lintTrust('1 < 2.0');
    expect(codes(lt)).toEqual(['CEL_TYPE_ERROR']);
    expect(lt[0].message).toMatch(/'_<_' applied to '\(int, double\)'/);
    expect(codes(lintTrust('duration(600) > duration("1s")'))).toEqual(['CEL_TYPE_ERROR']);
    expect(codes(lintTrust('int(duration("1s")) > 0'))).toEqual([]);
  });

  it('CEL_NUMERIC_CLAIM_IS_DOUBLE (warning) for string() of a numeric claim, which cel-go formats as %g', () => {
    const f = lintTrust('string(claims.iat) == "1700000000"');
    expect(codes(f)).toEqual(['CEL_NUMERIC_CLAIM_IS_DOUBLE']);
    expect(f[0]).toMatchObject({ severity: 'warning', position: { offset: 0 } });
    expect(f[0].message).toContain('1.7e+09');
    expect(f[0].fix).toContain('string(int(claims.iat))');
    expect(codes(lintTrust('string(int(claims.iat)) == "1700000000"'))).toEqual([]);
    expect(codes(lintTrust('string(claims.sub) == "x"'))).toEqual([]);
  });

  it('the recommended expression has no type findings', () => {
    const rec = recommendTrustExpression({ accountId: '123456789012', roleArns: ['arn:aws:iam::123456789012:role/a'], orgId: 'o-abc1234567', principalTags: { team: 'data' } });
    expect(lintTrust(rec, { provider: 'aws' }).filter((x) => x.code.startsWith('CEL_TYPE') || x.code.startsWith('CEL_NUMERIC'))).toEqual([]);
  });
});
