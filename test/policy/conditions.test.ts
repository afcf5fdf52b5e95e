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
  ['multi-valued key without a set operator: any value', { StringEquals: { [AUD]: 'a' } }, { [AUD]: ['b', 'a'] }, true],
  ['multi-valued key, negated operator: none may match', { StringNotEquals: { [AUD]: 'a' } }, { [AUD]: ['b', 'a'] }, false],
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
