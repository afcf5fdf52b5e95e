import { actionMatches, arnMatches, resourceMatches, wildcardMatch } from '../../src/policy/wildcards';

describe('actionMatches (case-insensitive, * and ?)', () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ['*', 'sts:AssumeRole', true],
    ['sts:AssumeRole', 'sts:AssumeRole', true],
    ['sts:assumerole', 'STS:AssumeRole', true],
    ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', false],
    ['sts:Assume*', 'sts:AssumeRoleWithWebIdentity', true],
    ['ses:Send*', 'ses:SendRawEmail', true],
    ['ses:Send*', 'ses:GetAccount', false],
    ['ses:Send?mail', 'ses:SendEmail', true],
    ['ses:Send?mail', 'ses:Sendmail', false],
    ['ses:Send?Email', 'ses:SendXEmail', true],
    ['ses:Send?Email', 'ses:SendEmail', false],
    ['s3:*', 'sts:AssumeRole', false],
    ['sts:Assume.*', 'sts:AssumeRole', false],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('resourceMatches (case-sensitive)', () => {
  const id = 'arn:aws:ses:us-east-1:123456789012:identity/example.com';
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ['*', id, true],
    [id, id, true],
    [id.toUpperCase(), id, false],
    ['arn:aws:ses:*:123456789012:identity/*', id, true],
    ['arn:aws:ses:us-east-1:123456789012:identity/example.co?', id, true],
    ['arn:aws:ses:us-east-1:123456789012:identity/example.co?', `${id}m`, false],
    ['arn:aws:ses:us-east-1:123456789012:configuration-set/*', id, false],
    ['arn:aws:ses:us-east-1:123456789012:identity/example.com', `${id}.evil`, false],
    ['${aws_sesv2_email_identity.x.arn}', '${aws_sesv2_email_identity.x.arn}', true],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, resource, expected) => {
    expect(resourceMatches(pattern, resource)).toBe(expected);
  });

  it('resolves policy variables with a colon and leaves terraform references literal', () => {
    const resolve = (name: string): string | undefined => (name.toLowerCase() === 'aws:username' ? 'alice' : undefined);
    expect(resourceMatches('arn:aws:iam::1:user/${aws:username}', 'arn:aws:iam::1:user/alice', resolve)).toBe(true);
    expect(resourceMatches('arn:aws:iam::1:user/${aws:username}', 'arn:aws:iam::1:user/bob', resolve)).toBe(false);
    expect(resourceMatches('arn:aws:iam::1:user/${aws:userid}', 'arn:aws:iam::1:user/', resolve)).toBe(false);
    expect(resourceMatches('${aws_iam_role.r.arn}', '${aws_iam_role.r.arn}', resolve)).toBe(true);
    expect(resourceMatches('a${*}b', 'a*b', resolve)).toBe(true);
    expect(resourceMatches('a${*}b', 'axxb', resolve)).toBe(false);
  });
});

describe('wildcardMatch', () => {
  it('anchors the whole string and escapes regex characters', () => {
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
    expect(wildcardMatch('a.c', 'a.c')).toBe(true);
    expect(wildcardMatch('ab', 'xaby')).toBe(false);
    expect(wildcardMatch('a*', 'a\nb')).toBe(true);
    expect(wildcardMatch('(x|y)*', 'x')).toBe(false);
  });
});

describe('arnMatches (ArnLike / ArnEquals)', () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/c1', true],
    ['arn:aws:iam::*:role/c1', 'arn:aws:iam::999999999999:role/c1', true],
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::999999999999:role/c1', false],
    // * does not cross a component: "arn:aws:*" is not a 6-part pattern and never matches
    ['arn:aws:*', 'arn:aws:iam::123456789012:role/c1', false],
    ['arn:aws:iam::123456789012:role/c1', 'not-an-arn', false],
    ['arn:aws:ses:us-east-1:123456789012:identity/a:b', 'arn:aws:ses:us-east-1:123456789012:identity/a:b', true],
    // a bare * is not a six-component ARN pattern (an independent simulator agrees)
    ['*', 'arn:aws:iam::123456789012:role/c1', false],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, value, expected) => {
    expect(arnMatches(pattern, value)).toBe(expected);
  });
});
