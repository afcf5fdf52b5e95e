import { ContextValue, evaluateCondition, isKnownOperator, normalizeContext, parseDate, parseOperator } from '../../src/policy/conditions';
import { ConditionBlock } from '../../src/policy/types';

type Ctx = Record<string, ContextValue | undefined>;
const run = (block: ConditionBlock, ctx: Ctx, variables = true): boolean => evaluateCondition(block, normalizeContext(ctx), { variables }).matched;

const AUD = 'sts:IdentityTokenAudience';

/** [name, condition, context, expected] — each operator is tested on both sides. */
const CASES: ReadonlyArray<readonly [string, ConditionBlock, Ctx, boolean]> = [
  // String*
  ['StringEquals equal', { StringEquals: { 'sts:ExternalId': 'ext-1' } }, { 'sts:ExternalId': 'ext-1' }, true],
  ['StringEquals different', { StringEquals: { 'sts:ExternalId': 'ext-1' } }, { 'sts:ExternalId': 'ext-2' }, false],
  ['StringEquals is case-sensitive on values', { StringEquals: { 'sts:ExternalId': 'ext-1' } }, { 'sts:ExternalId': 'EXT-1' }, false],
  ['StringEquals key name is case-insensitive', { StringEquals: { 'STS:EXTERNALID': 'ext-1' } }, { 'sts:externalid': 'ext-1' }, true],
  ['StringEquals missing key', { StringEquals: { 'sts:ExternalId': 'ext-1' } }, {}, false],
  ['StringEquals several values are ORed', { StringEquals: { 'sts:ExternalId': ['a', 'ext-1'] } }, { 'sts:ExternalId': 'ext-1' }, true],
  ['StringEquals does not treat * as a wildcard', { StringEquals: { 'sts:ExternalId': '*' } }, { 'sts:ExternalId': 'x' }, false],
  ['StringNotEquals different', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }, { 'aws:PrincipalAccount': '765656841499' }, true],
  ['StringNotEquals equal', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }, { 'aws:PrincipalAccount': '111122223333' }, false],
  ['StringNotEquals equal to any listed value', { StringNotEquals: { k: ['a', 'b'] } }, { k: 'b' }, false],
  ['StringNotEquals missing key is true', { StringNotEquals: { k: 'a' } }, {}, true],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { k: 'Hello' } }, { k: 'hELLO' }, true],
  ['StringEqualsIgnoreCase different', { StringEqualsIgnoreCase: { k: 'Hello' } }, { k: 'hell' }, false],
  ['StringNotEqualsIgnoreCase same modulo case', { StringNotEqualsIgnoreCase: { k: 'Hello' } }, { k: 'HELLO' }, false],
  ['StringNotEqualsIgnoreCase different', { StringNotEqualsIgnoreCase: { k: 'Hello' } }, { k: 'bye' }, true],
  ['StringLike wildcard', { StringLike: { 'sts:ExternalId': 'ext-*' } }, { 'sts:ExternalId': 'ext-anything' }, true],
  ['StringLike ? is one character', { StringLike: { k: 'a?c' } }, { k: 'abbc' }, false],
  ['StringLike case-sensitive', { StringLike: { k: 'ext-*' } }, { k: 'EXT-1' }, false],
  ['StringNotLike matches → false', { StringNotLike: { k: 'ext-*' } }, { k: 'ext-1' }, false],
  ['StringNotLike no match → true', { StringNotLike: { k: 'ext-*' } }, { k: 'other' }, true],
  ['StringNotLike missing key → true', { StringNotLike: { k: 'ext-*' } }, {}, true],
  // Arn*
  ['ArnLike', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::765656841499:role/*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::765656841499:role/C1' }, true],
  ['ArnLike other account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::765656841499:role/*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/C1' }, false],
  ['ArnEquals exact', { ArnEquals: { 'aws:SourceArn': 'arn:aws:ses:us-east-1:1:identity/a' } }, { 'aws:SourceArn': 'arn:aws:ses:us-east-1:1:identity/a' }, true],
  ['ArnEquals different', { ArnEquals: { 'aws:SourceArn': 'arn:aws:ses:us-east-1:1:identity/a' } }, { 'aws:SourceArn': 'arn:aws:ses:us-east-1:1:identity/b' }, false],
  ['ArnEquals not an ARN', { ArnEquals: { 'aws:SourceArn': 'arn:aws:ses:us-east-1:1:identity/a' } }, { 'aws:SourceArn': 'identity/a' }, false],
  ['ArnNotEquals different → true', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::a' } }, { 'aws:SourceArn': 'arn:aws:s3:::b' }, true],
  ['ArnNotLike matching → false', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'arn:aws:s3:::b' }, false],
  ['ArnNotLike missing key → true', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, {}, true],
  // Numeric*
  ['NumericLessThanEquals at the cap', { NumericLessThanEquals: { 'sts:DurationSeconds': '300' } }, { 'sts:DurationSeconds': 300 }, true],
  ['NumericLessThanEquals above the cap', { NumericLessThanEquals: { 'sts:DurationSeconds': '300' } }, { 'sts:DurationSeconds': 301 }, false],
  ['NumericLessThan at the bound', { NumericLessThan: { n: 300 } }, { n: '300' }, false],
  ['NumericGreaterThan', { NumericGreaterThan: { n: '10' } }, { n: '10.5' }, true],
  ['NumericGreaterThanEquals below', { NumericGreaterThanEquals: { n: '10' } }, { n: 9 }, false],
  ['NumericEquals', { NumericEquals: { n: '10' } }, { n: '10.0' }, true],
  ['NumericEquals not a number', { NumericEquals: { n: '10' } }, { n: 'ten' }, false],
  ['NumericNotEquals different', { NumericNotEquals: { n: '10' } }, { n: 11 }, true],
  ['NumericNotEquals equal', { NumericNotEquals: { n: '10' } }, { n: 10 }, false],
  ['NumericLessThanEquals missing key', { NumericLessThanEquals: { n: '10' } }, {}, false],
  // Date*
  ['DateLessThan ISO before', { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-22T10:00:00Z' }, true],
  ['DateLessThan ISO after', { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2027-06-01T00:00:00Z' }, false],
  ['DateGreaterThan epoch policy vs ISO request', { DateGreaterThan: { 'aws:CurrentTime': '1700000000' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true],
  ['DateGreaterThan epoch vs earlier ISO', { DateGreaterThan: { 'aws:CurrentTime': '1700000000' } }, { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, false],
  ['DateEquals same instant, two forms', { DateEquals: { t: '2023-11-14T22:13:20Z' } }, { t: 1700000000 }, true],
  ['DateNotEquals same instant', { DateNotEquals: { t: '2023-11-14T22:13:20Z' } }, { t: '1700000000' }, false],
  ['DateLessThanEquals equal', { DateLessThanEquals: { t: '2023-11-14T22:13:20Z' } }, { t: '2023-11-14T22:13:20Z' }, true],
  ['DateGreaterThanEquals earlier', { DateGreaterThanEquals: { t: '2023-11-14T22:13:20Z' } }, { t: '2023-11-14T22:13:19Z' }, false],
  ['Date garbage never matches', { DateLessThan: { t: '2027-01-01T00:00:00Z' } }, { t: 'yesterday' }, false],
  // Bool / Binary / IP
  ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true }, true],
  ['Bool false vs true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': false }, false],
  ['Bool policy boolean, request string', { Bool: { 'aws:MultiFactorAuthPresent': true } }, { 'aws:MultiFactorAuthPresent': 'TRUE' }, true],
  ['Bool missing key', { Bool: { 'aws:SecureTransport': 'true' } }, {}, false],
  ['BinaryEquals', { BinaryEquals: { k: 'QmluYXJ5VmFsdWU=' } }, { k: 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals different', { BinaryEquals: { k: 'QmluYXJ5VmFsdWU=' } }, { k: 'QmluYXJ5' }, false],
  ['IpAddress inside CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' }, true],
  ['IpAddress outside CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.9' }, false],
  ['NotIpAddress outside → true', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' }, true],
  // Null
  ['Null false: key present', { Null: { [AUD]: 'false' } }, { [AUD]: ['a'] }, true],
  ['Null false: key absent', { Null: { [AUD]: 'false' } }, {}, false],
  ['Null false: empty list counts as absent', { Null: { [AUD]: 'false' } }, { [AUD]: [] }, false],
  ['Null true: key absent', { Null: { k: 'true' } }, {}, true],
  ['Null true: key present', { Null: { k: true } }, { k: 'x' }, false],
  // IfExists
  ['StringEqualsIfExists missing → true', { StringEqualsIfExists: { 'ses:FromAddress': 'a@x.com' } }, {}, true],
  ['StringEqualsIfExists present, different → false', { StringEqualsIfExists: { 'ses:FromAddress': 'a@x.com' } }, { 'ses:FromAddress': 'b@x.com' }, false],
  ['StringEqualsIfExists present, equal → true', { StringEqualsIfExists: { 'ses:FromAddress': 'a@x.com' } }, { 'ses:FromAddress': 'a@x.com' }, true],
  ['NumericLessThanEqualsIfExists missing → true', { NumericLessThanEqualsIfExists: { n: 5 } }, {}, true],
  ['NumericLessThanEqualsIfExists present above → false', { NumericLessThanEqualsIfExists: { n: 5 } }, { n: 6 }, false],
  // Sets
  ['ForAllValues subset', { 'ForAllValues:StringEquals': { [AUD]: ['a', 'b'] } }, { [AUD]: ['a'] }, true],
  ['ForAllValues an extra value', { 'ForAllValues:StringEquals': { [AUD]: ['a', 'b'] } }, { [AUD]: ['a', 'evil'] }, false],
  ['ForAllValues missing key is vacuously true', { 'ForAllValues:StringEquals': { [AUD]: ['a'] } }, {}, true],
  ['ForAllValues empty list is vacuously true', { 'ForAllValues:StringEquals': { [AUD]: ['a'] } }, { [AUD]: [] }, true],
  ['ForAllValues single-valued request', { 'ForAllValues:StringEquals': { [AUD]: ['a'] } }, { [AUD]: 'a' }, true],
  ['ForAnyValue an extra value still matches', { 'ForAnyValue:StringEquals': { [AUD]: ['a'] } }, { [AUD]: ['a', 'evil'] }, true],
  ['ForAnyValue no value matches', { 'ForAnyValue:StringEquals': { [AUD]: ['a'] } }, { [AUD]: ['evil'] }, false],
  ['ForAnyValue missing key', { 'ForAnyValue:StringEquals': { [AUD]: ['a'] } }, {}, false],
  ['ForAllValues:StringLike', { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'env-*'] } }, { 'aws:TagKeys': ['team', 'env-prod'] }, true],
  ['ForAllValues:StringNotEquals none listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['team'] }, true],
  ['ForAllValues:StringNotEquals one listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['team', 'secret'] }, false],
  ['ForAnyValue:StringNotEquals one different', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['team', 'secret'] }, true],
  ['set operator names are case-insensitive', { 'forallvalues:StringEquals': { [AUD]: ['a'] } }, { [AUD]: ['b'] }, false],
  // A multivalued key needs a set operator: without one the condition is not met (see conditions.ts)
  ['multi-valued key without a set operator does not match', { StringEquals: { [AUD]: 'a' } }, { [AUD]: ['b', 'a'] }, false],
  ['multi-valued key with one value, no set operator', { StringEquals: { [AUD]: 'a' } }, { [AUD]: ['a'] }, false],
  ['StringLike on a multi-valued key without a set operator', { StringLike: { 'aws:TagKeys': 'team-*' } }, { 'aws:TagKeys': ['team-a'] }, false],
  ['multi-valued key, negated operator without a set operator', { StringNotEquals: { [AUD]: 'x' } }, { [AUD]: ['b', 'a'] }, false],
  ['multi-valued key, IfExists does not excuse the missing set operator', { StringLikeIfExists: { 'aws:TagKeys': '*' } }, { 'aws:TagKeys': ['a'] }, false],
  ['multi-valued key absent, negated operator: missing-key rule', { StringNotEquals: { [AUD]: 'x' } }, {}, true],
  ['ForAnyValue:StringLike on the same key', { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'team-*' } }, { 'aws:TagKeys': ['team-a', 'x'] }, true],
  ['ForAllValues: an empty-string value is a null dataset', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': [''] }, true],
  // AND across keys and operators
  ['two operators both hold', { StringEquals: { a: '1' }, Bool: { b: 'true' } }, { a: '1', b: true }, true],
  ['two operators, one fails', { StringEquals: { a: '1' }, Bool: { b: 'true' } }, { a: '1', b: false }, false],
  ['two keys under one operator, one fails', { StringEquals: { a: '1', b: '2' } }, { a: '1', b: '3' }, false],
  // Unknown operators never match
  ['unknown operator', { StringEqualz: { a: '1' } }, { a: '1' }, false],
  ['NullIfExists is not an operator', { NullIfExists: { a: 'true' } }, {}, false],
  ['unknown set prefix', { 'ForSomeValues:StringEquals': { a: '1' } }, { a: '1' }, false],
  // Policy variables
  ['variable in StringEquals resolves', { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, { 's3:prefix': 'home/alice', 'aws:username': 'alice' }, true],
  ['variable in StringEquals, other user', { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, { 's3:prefix': 'home/bob', 'aws:username': 'alice' }, false],
  ['variable in StringLike', { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }, true],
  ['unresolvable variable never matches', { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, { 's3:prefix': 'home/' }, false],
  // Default values ("Specifying default values")
  ['default used when the key is absent', { StringEquals: { 's3:prefix': "home/${aws:username, 'guest'}" } }, { 's3:prefix': 'home/guest' }, true],
  ['default not used when the key has a value', { StringEquals: { 's3:prefix': "home/${aws:username, 'guest'}" } }, { 's3:prefix': 'home/guest', 'aws:username': 'alice' }, false],
  ['key value wins over the default', { StringEquals: { 's3:prefix': "home/${aws:username, 'guest'}" } }, { 's3:prefix': 'home/alice', 'aws:username': 'alice' }, true],
  ['default without the space after the comma', { StringEquals: { k: "${aws:PrincipalTag/team,'company-wide'}" } }, { k: 'company-wide' }, true],
  ["'' in a default is one quote", { StringEquals: { k: "${aws:username, 'o''brien'}" } }, { k: "o'brien" }, true],
  ['a default is literal, not a wildcard', { StringLike: { k: "${aws:username, 'a*'}" } }, { k: 'abc' }, false],
  ['a default is literal (matches itself)', { StringLike: { k: "${aws:username, 'a*'}" } }, { k: 'a*' }, true],
  ['variable key names are case-insensitive', { StringEquals: { k: '${AWS:UserName}' } }, { k: 'alice', 'aws:username': 'alice' }, true],
  ['malformed default never matches', { StringEquals: { k: "${aws:username, guest}" } }, { k: 'guest' }, false],
  // Special characters
  ['${*} is a literal asterisk in StringLike', { StringLike: { k: 'a${*}b' } }, { k: 'a*b' }, true],
  ['${*} is not a wildcard', { StringLike: { k: 'a${*}b' } }, { k: 'axb' }, false],
  ['${?} and ${$} are literal', { StringEquals: { k: 'x${?}${$}' } }, { k: 'x?$' }, true],
  ['a resolved value is literal, not a wildcard', { StringLike: { k: '${aws:username}' } }, { k: 'bob', 'aws:username': '*' }, false],
  // Multivalued keys are not variables ("you cannot use a multivalued context key as a policy variable")
  ['a multi-valued key as a variable never matches', { StringEquals: { k: '${aws:TagKeys}' } }, { k: 'a', 'aws:TagKeys': ['a'] }, false],
  ['a multi-valued key as a variable takes the default', { StringEquals: { k: "${aws:TagKeys, 'none'}" } }, { k: 'none', 'aws:TagKeys': ['a'] }, true],
  // Variables in ARN operators may stand for a whole ARN
  ['ArnEquals with a whole-ARN variable', { ArnEquals: { 'aws:SourceArn': '${aws:PrincipalArn}' } }, { 'aws:SourceArn': 'arn:aws:iam::1:role/r', 'aws:PrincipalArn': 'arn:aws:iam::1:role/r' }, true],
  ['ArnLike with a variable in the resource part', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b/${aws:username}/*' } }, { 'aws:SourceArn': 'arn:aws:s3:::b/alice/x', 'aws:username': 'alice' }, true],
  ['ArnLike with an unresolved variable', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b/${aws:username}/*' } }, { 'aws:SourceArn': 'arn:aws:s3:::b/alice/x' }, false],
  // Variables are not substituted by numeric, date, IP, binary operators
  ['NumericEquals does not take variables', { NumericEquals: { n: '${aws:n}' } }, { n: '5', 'aws:n': '5' }, false],
];

describe('evaluateCondition', () => {
  it.each(CASES)('%s', (_name, block, ctx, expected) => {
    expect(run(block, ctx)).toBe(expected);
  });

  it('treats variables literally when variables are off (Version 2008-10-17)', () => {
    expect(run({ StringEquals: { k: '${aws:username}' } }, { k: '${aws:username}', 'aws:username': 'alice' }, false)).toBe(true);
    expect(run({ StringEquals: { k: '${aws:username}' } }, { k: 'alice', 'aws:username': 'alice' }, false)).toBe(false);
  });

  it('reports the failing operator and key, never the request value', () => {
    const out = evaluateCondition({ StringEquals: { 'sts:ExternalId': 'expected-secret' } }, normalizeContext({ 'sts:ExternalId': 'wrong-secret-value' }));
    expect(out.matched).toBe(false);
    if (out.matched) return;
    expect(out.failure).toMatchObject({ operator: 'StringEquals', key: 'sts:ExternalId' });
    expect(JSON.stringify(out.failure)).not.toMatch(/secret/);
  });
});

describe('operator parsing', () => {
  it('splits set prefix, base and IfExists', () => {
    expect(parseOperator('ForAllValues:StringEqualsIfExists')).toMatchObject({ set: 'ForAllValues', base: 'StringEquals', ifExists: true });
    expect(parseOperator('ForAnyValue:StringLike')).toMatchObject({ set: 'ForAnyValue', base: 'StringLike', ifExists: false });
    expect(parseOperator('Null')).toMatchObject({ base: 'Null', ifExists: false });
    expect(isKnownOperator('ArnLikeIfExists')).toBe(true);
    expect(isKnownOperator('NullIfExists')).toBe(false);
    expect(isKnownOperator('StringEqualz')).toBe(false);
    expect(isKnownOperator('ForSome:StringEquals')).toBe(false);
  });

  it('parses ISO and epoch-seconds dates', () => {
    expect(parseDate('1700000000')).toBe(Date.parse('2023-11-14T22:13:20Z'));
    expect(Number.isNaN(parseDate('soon'))).toBe(true);
  });
});

const SRC = 'aws:SourceIp';
describe('IpAddress / NotIpAddress (IPv4, IPv6, IPv4-mapped, invalid)', () => {
  const cases: ReadonlyArray<readonly [string, ConditionBlock, Ctx, boolean]> = [
    ['IPv6 address inside an IPv6 prefix', { IpAddress: { [SRC]: '2001:DB8:1234:5678::/64' } }, { [SRC]: '2001:db8:1234:5678:aaaa::1' }, true],
    ['IPv6 address outside the prefix', { IpAddress: { [SRC]: '2001:DB8:1234:5678::/64' } }, { [SRC]: '2001:db8:1234:5679::1' }, false],
    ['IPv6 full form vs compressed prefix', { IpAddress: { [SRC]: '2001:db8::/32' } }, { [SRC]: '2001:0db8:0000:0000:0000:0000:0000:0001' }, true],
    ['IPv6 without a prefix is one address', { IpAddress: { [SRC]: '2001:db8::1' } }, { [SRC]: '2001:db8:0:0::1' }, true],
    ['IPv6 without a prefix, other address', { IpAddress: { [SRC]: '2001:db8::1' } }, { [SRC]: '2001:db8::2' }, false],
    ['IPv4 without a prefix is /32', { IpAddress: { [SRC]: '203.0.113.9' } }, { [SRC]: '203.0.113.9' }, true],
    ['IPv4 /0 covers every IPv4 address', { IpAddress: { [SRC]: '0.0.0.0/0' } }, { [SRC]: '198.51.100.1' }, true],
    ['IPv4 /0 does not cover IPv6', { IpAddress: { [SRC]: '0.0.0.0/0' } }, { [SRC]: '2001:db8::1' }, false],
    ['::/0 covers IPv6', { IpAddress: { [SRC]: '::/0' } }, { [SRC]: '2001:db8::1' }, true],
    ['IPv4 and IPv6 ranges mixed (values ORed)', { IpAddress: { [SRC]: ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { [SRC]: '2001:db8:1234:5678::9' }, true],
    // families are kept apart (docs silent; an independent simulator agrees)
    ['IPv4-mapped request is not inside an IPv4 range', { IpAddress: { [SRC]: '203.0.113.0/24' } }, { [SRC]: '::ffff:203.0.113.9' }, false],
    ['IPv4 request is not inside an IPv4-mapped range', { IpAddress: { [SRC]: '::ffff:203.0.113.0/120' } }, { [SRC]: '203.0.113.9' }, false],
    ['IPv4-mapped request inside an IPv4-mapped range', { IpAddress: { [SRC]: '::ffff:203.0.113.0/120' } }, { [SRC]: '::ffff:203.0.113.9' }, true],
    ['0.0.0.0/0 contains every IPv4 address', { IpAddress: { [SRC]: '0.0.0.0/0' } }, { [SRC]: '10.1.2.3' }, true],
    ['IPv6 in upper case (the guide writes 2001:DB8:…)', { IpAddress: { [SRC]: '2001:db8::1' } }, { [SRC]: '2001:DB8::1' }, true],
    ['IPv4-mapped request outside', { IpAddress: { [SRC]: '203.0.113.0/24' } }, { [SRC]: '::ffff:198.51.100.1' }, false],
    ['NotIpAddress: IPv6 request vs IPv4 range is outside', { NotIpAddress: { [SRC]: '203.0.113.0/24' } }, { [SRC]: '2001:db8::1' }, true],
    ['NotIpAddress: IPv6 request inside the IPv6 range', { NotIpAddress: { [SRC]: '2001:db8::/32' } }, { [SRC]: '2001:db8::1' }, false],
    ['NotIpAddress: IPv4-mapped request is outside the IPv4 range', { NotIpAddress: { [SRC]: '203.0.113.0/24' } }, { [SRC]: '::ffff:203.0.113.1' }, true],
    // invalid values never match, through either operator, and never throw
    ['invalid request value', { IpAddress: { [SRC]: '203.0.113.0/24' } }, { [SRC]: 'not-an-ip' }, false],
    ['NotIpAddress with an invalid request value', { NotIpAddress: { [SRC]: '203.0.113.0/24' } }, { [SRC]: 'not-an-ip' }, false],
    ['NotIpAddress with an invalid policy value', { NotIpAddress: { [SRC]: ['203.0.113.0/24', '300.1.1.1/8'] } }, { [SRC]: '198.51.100.1' }, false],
    ['IPv4 prefix over 32', { IpAddress: { [SRC]: '203.0.113.0/33' } }, { [SRC]: '203.0.113.1' }, false],
    ['IPv6 prefix over 128', { IpAddress: { [SRC]: '2001:db8::/129' } }, { [SRC]: '2001:db8::1' }, false],
    ['two :: in one address', { IpAddress: { [SRC]: '2001:db8::/32' } }, { [SRC]: '2001::db8::1' }, false],
    ['IPv6 group over 4 hex digits', { IpAddress: { [SRC]: '2001:db8::/32' } }, { [SRC]: '2001:db8::12345' }, false],
    ['octet with a leading zero', { IpAddress: { [SRC]: '10.0.0.0/8' } }, { [SRC]: '010.0.0.1' }, false],
    ['request value with a prefix is not an address', { IpAddress: { [SRC]: '10.0.0.0/8' } }, { [SRC]: '10.0.0.0/8' }, false],
    ['zone id is not an address', { IpAddress: { [SRC]: 'fe80::/10' } }, { [SRC]: 'fe80::1%eth0' }, false],
    ['empty policy value', { IpAddress: { [SRC]: '' } }, { [SRC]: '10.0.0.1' }, false],
  ];
  it.each(cases)('%s', (_name, block, ctx, expected) => {
    expect(run(block, ctx)).toBe(expected);
  });
});

describe('numeric operands that are not integers or decimals as written match nothing', () => {
  const bad = ['0x10', '1e1', ' 10', '10 ', '', 'Infinity', '-Infinity', 'NaN', '1_0', '١٠', '.', '+', '-.', '1.2.3', '--1'];
  it.each(bad)('policy value %j', (v) => {
    expect(run({ NumericEquals: { n: v } }, { n: '10' })).toBe(false);
    expect(run({ NumericNotEquals: { n: v } }, { n: '10' })).toBe(false);
    expect(run({ NumericLessThan: { n: v } }, { n: '-1000' })).toBe(false);
  });
  it.each(bad)('request value %j', (v) => {
    expect(run({ NumericGreaterThanEquals: { n: '0' } }, { n: v })).toBe(false);
    expect(run({ NumericNotEquals: { n: '3' } }, { n: v })).toBe(false);
  });
  it('compares decimals exactly', () => {
    expect(run({ NumericEquals: { n: '9007199254740993' } }, { n: '9007199254740992' })).toBe(false);
    expect(run({ NumericEquals: { n: '010.500' } }, { n: '10.5' })).toBe(true);
    expect(run({ NumericEquals: { n: '-0' } }, { n: '0' })).toBe(true);
    expect(run({ NumericLessThan: { n: '-2.5' } }, { n: '-3' })).toBe(true);
    expect(run({ NumericGreaterThan: { n: '0.1' } }, { n: '0.09' })).toBe(false);
    expect(run({ NumericLessThanEquals: { n: 300 } }, { n: 300 })).toBe(true);
  });
  it.each([
    ['+10', '10'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-.5', '-0.5'],
  ])('%s is the decimal %s (signed and abbreviated decimals are decimals)', (written, plain) => {
    expect(run({ NumericEquals: { n: written } }, { n: plain })).toBe(true);
    expect(run({ NumericEquals: { n: plain } }, { n: written })).toBe(true);
    expect(run({ NumericNotEquals: { n: written } }, { n: '7' })).toBe(true);
  });
});

describe('Date operands: W3C ISO 8601 or epoch seconds', () => {
  const cases: ReadonlyArray<readonly [string, ConditionBlock, Ctx, boolean]> = [
    ['date only', { DateGreaterThanEquals: { t: '2026-01-01' } }, { t: '2026-01-01T00:00:00Z' }, true],
    ['year and month', { DateLessThan: { t: '2026-02' } }, { t: '2026-01-31T23:59:59Z' }, true],
    ['offset zone designator', { DateEquals: { t: '2026-01-01T01:00:00+01:00' } }, { t: '2026-01-01T00:00:00Z' }, true],
    ['fractional seconds', { DateLessThan: { t: '2026-01-01T00:00:00.5Z' } }, { t: '2026-01-01T00:00:00.25Z' }, true],
    ['epoch with ISO request', { DateEquals: { t: '1767225600' } }, { t: '2026-01-01T00:00:00Z' }, true],
    ['free-form date is not a documented form', { DateLessThan: { t: 'Jan 1 2027' } }, { t: '2026-01-01T00:00:00Z' }, false],
    ['slashes are not a documented form', { DateLessThan: { t: '2027/01/01' } }, { t: '2026-01-01T00:00:00Z' }, false],
    ['impossible day', { DateLessThan: { t: '2027-02-30' } }, { t: '2026-01-01T00:00:00Z' }, false],
    ['DateNotEquals with an invalid value does not match', { DateNotEquals: { t: 'soon' } }, { t: '2026-01-01T00:00:00Z' }, false],
  ];
  it.each(cases)('%s', (_name, block, ctx, expected) => {
    expect(run(block, ctx)).toBe(expected);
  });
});

describe('Bool with values other than true/false', () => {
  it('never matches', () => {
    expect(run({ Bool: { 'aws:SecureTransport': 'yes' } }, { 'aws:SecureTransport': 'yes' })).toBe(false);
    expect(run({ Bool: { 'aws:SecureTransport': '1' } }, { 'aws:SecureTransport': true })).toBe(false);
    expect(run({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'no' })).toBe(false);
    expect(run({ BoolIfExists: { 'aws:SecureTransport': 'false' } }, {})).toBe(true);
  });
});

describe('an unresolved policy variable in a negated operator', () => {
  const block: ConditionBlock = { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } };
  const ctx = normalizeContext({ 's3:ExistingObjectTag/Team': 'blue' });
  it('makes a Deny apply (IAM User Guide example) and never an Allow', () => {
    expect(evaluateCondition(block, ctx, { effect: 'Deny' }).matched).toBe(true);
    expect(evaluateCondition(block, ctx, { effect: 'Allow' }).matched).toBe(false);
    expect(evaluateCondition(block, ctx).matched).toBe(false);
  });
  it('is an ordinary comparison once the variable resolves', () => {
    const resolved = normalizeContext({ 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'blue' });
    expect(evaluateCondition(block, resolved, { effect: 'Deny' }).matched).toBe(false);
    const other = normalizeContext({ 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'red' });
    expect(evaluateCondition(block, other, { effect: 'Allow' }).matched).toBe(true);
  });
  it('a positive operator never matches it, in either effect', () => {
    const eq: ConditionBlock = { StringEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } };
    expect(evaluateCondition(eq, ctx, { effect: 'Deny' }).matched).toBe(false);
    expect(evaluateCondition(eq, ctx, { effect: 'Allow' }).matched).toBe(false);
  });
  it('StringNotLike and ForAllValues:StringNotEquals follow the same rule', () => {
    const like: ConditionBlock = { StringNotLike: { k: '${aws:username}/*' } };
    const c = normalizeContext({ k: 'x' });
    expect(evaluateCondition(like, c, { effect: 'Deny' }).matched).toBe(true);
    expect(evaluateCondition(like, c, { effect: 'Allow' }).matched).toBe(false);
    const all: ConditionBlock = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': '${aws:username}' } };
    const t = normalizeContext({ 'aws:TagKeys': ['a', 'b'] });
    expect(evaluateCondition(all, t, { effect: 'Deny' }).matched).toBe(true);
    expect(evaluateCondition(all, t, { effect: 'Allow' }).matched).toBe(false);
  });
  it('a value that matches still decides, even beside an unresolved one', () => {
    const two: ConditionBlock = { StringNotEquals: { k: ['${aws:username}', 'x'] } };
    expect(evaluateCondition(two, normalizeContext({ k: 'x' }), { effect: 'Deny' }).matched).toBe(false);
  });
});

describe('JSON numbers as condition values', () => {
  it('are read as the decimal they denote, also where JavaScript would print an exponent', () => {
    expect(run({ NumericLessThan: { n: 0.0000001 } }, { n: '0.00000005' })).toBe(true);
    expect(run({ NumericEquals: { n: 1e21 } }, { n: '1000000000000000000000' })).toBe(true);
    expect(run({ NumericGreaterThan: { n: '0' } }, { n: 1e-7 })).toBe(true);
  });
});
