import { evaluateTrust } from '../../src/cel/evaluate';
import { lintTrust } from '../../src/cel/lint';
import { celString, recommendTrustExpression } from '../../src/cel/recommend';

const NS = 'https://sts.amazonaws.com/';
const ROLE = 'arn:aws:iam::123456789012:role/etl';
function tokenClaims(over: { account?: string; sub?: string; org?: string; tags?: Record<string, string> } = {}): Record<string, unknown> {
  return {
    sub: over.sub ?? ROLE,
    [NS]: { aws_account: over.account ?? '123456789012', org_id: over.org ?? 'o-abc1234567', principal_tags: over.tags ?? { team: 'data' } },
  };
}

describe('recommendTrustExpression', () => {
  it('matches the intended token and nothing else', () => {
    const e = recommendTrustExpression({ accountId: '123456789012', roleArns: [ROLE], orgId: 'o-abc1234567', principalTags: { team: 'data' } });
    expect(evaluateTrust(e, tokenClaims())).toEqual({ matched: true });
    expect(evaluateTrust(e, tokenClaims({ account: '999999999999' }))).toEqual({ matched: false });
    expect(evaluateTrust(e, tokenClaims({ sub: 'arn:aws:iam::123456789012:role/other' }))).toEqual({ matched: false });
    expect(evaluateTrust(e, tokenClaims({ org: 'o-zzzzzzzzzz' }))).toEqual({ matched: false });
    expect(evaluateTrust(e, tokenClaims({ tags: { team: 'web' } })).matched).toBe(false);
    expect(evaluateTrust(e, tokenClaims({ tags: {} })).matched).toBe(false);
    expect(lintTrust(e)).toEqual([]);
  });

  it('accepts any of several roles with `in`', () => {
    const other = 'arn:aws:iam::123456789012:role/report';
    const e = recommendTrustExpression({ accountId: '123456789012', roleArns: [ROLE, other] });
    expect(evaluateTrust(e, tokenClaims({ sub: other })).matched).toBe(true);
    expect(evaluateTrust(e, tokenClaims({ sub: 'arn:aws:iam::123456789012:role/third' })).matched).toBe(false);
  });

  it('quotes odd characters so they match literally and cannot inject CEL', () => {
    const odd = 'we"ird\\ta g\n"x" || true';
    const e = recommendTrustExpression({ accountId: '123456789012', roleArns: [ROLE], principalTags: { [odd]: `v"\\\t${odd}` } });
    expect(evaluateTrust(e, tokenClaims({ tags: { [odd]: `v"\\\t${odd}` } }))).toEqual({ matched: true });
    expect(evaluateTrust(e, tokenClaims({ tags: { [odd]: 'v' } }))).toEqual({ matched: false });
    expect(evaluateTrust(e, tokenClaims({ tags: {} })).matched).toBe(false);
    const roleWithQuote = 'arn:aws:iam::123456789012:role/a"b';
    const e2 = recommendTrustExpression({ accountId: '123456789012', roleArns: [roleWithQuote] });
    expect(evaluateTrust(e2, tokenClaims({ sub: roleWithQuote })).matched).toBe(true);
    expect(evaluateTrust(e2, tokenClaims({ sub: 'arn:aws:iam::123456789012:role/a' })).matched).toBe(false);
  });

  it('celString round-trips through the CEL parser', () => {
    for (const s of ['plain', 'quote"', 'back\\slash', 'tab\tnl\nret\r', 'ünïcode ✓', '']) {
      expect(evaluateTrust(`claims.v == ${celString(s)}`, { v: s })).toEqual({ matched: true });
    }
  });

  it('requires a role', () => {
    expect(() => recommendTrustExpression({ accountId: '123456789012', roleArns: [] })).toThrow(/at least one role ARN/);
  });
});
