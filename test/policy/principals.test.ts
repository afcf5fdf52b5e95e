import {
  Caller,
  callerFields,
  parseArn,
  parsePrincipalArn,
  principalAccountOf,
  principalMatches,
  sessionRoleArn,
} from '../../src/policy/principals';
import { PrincipalBlock } from '../../src/policy/types';

const C1_ROLE = 'arn:aws:iam::765656841499:role/ConductorOneService';
const C1_SESSION = 'arn:aws:sts::765656841499:assumed-role/ConductorOneService/c1-session-42';
const OTHER_ROLE = 'arn:aws:iam::111122223333:role/ConductorOneService';
const USER = 'arn:aws:iam::765656841499:user/alice';

const c1Role: Caller = { principal: C1_ROLE, principalAccount: '765656841499', principalRoleArn: C1_ROLE };
const c1Session: Caller = { principal: C1_SESSION, principalAccount: '765656841499', principalRoleArn: C1_ROLE };
const c1SessionNoRole: Caller = { principal: C1_SESSION, principalAccount: '765656841499' };
const otherAccountRole: Caller = { principal: OTHER_ROLE, principalAccount: '111122223333', principalRoleArn: OTHER_ROLE };
const otherRoleSameAccount: Caller = {
  principal: 'arn:aws:sts::765656841499:assumed-role/Intern/s',
  principalAccount: '765656841499',
  principalRoleArn: 'arn:aws:iam::765656841499:role/Intern',
};
const alice: Caller = { principal: USER, principalAccount: '765656841499' };
const ses: Caller = { principal: 'ses.amazonaws.com', principalAccount: '' };

describe('principalMatches', () => {
  const cases: ReadonlyArray<readonly [string, PrincipalBlock, Caller, boolean]> = [
    ['"*" matches anyone', '*', otherAccountRole, true],
    ['AWS "*" matches anyone', { AWS: '*' }, otherAccountRole, true],
    ['role ARN matches the role', { AWS: C1_ROLE }, c1Role, true],
    ['role ARN matches its session (principalRoleArn)', { AWS: C1_ROLE }, c1Session, true],
    ['role ARN matches its session (derived from the session ARN)', { AWS: C1_ROLE }, c1SessionNoRole, true],
    ['role ARN does not match the same name in another account', { AWS: C1_ROLE }, otherAccountRole, false],
    ['role ARN does not match another role of the account', { AWS: C1_ROLE }, otherRoleSameAccount, false],
    ['role ARN does not match a user of the account', { AWS: C1_ROLE }, alice, false],
    ['principalRoleArn with a path matches that role ARN', { AWS: 'arn:aws:iam::765656841499:role/ops/ConductorOneService' }, { ...c1Session, principalRoleArn: 'arn:aws:iam::765656841499:role/ops/ConductorOneService' }, true],
    ['principalRoleArn decides over the session name (path differs)', { AWS: C1_ROLE }, { ...c1Session, principalRoleArn: 'arn:aws:iam::765656841499:role/ops/ConductorOneService' }, false],
    ['account id matches any principal of the account', { AWS: '765656841499' }, otherRoleSameAccount, true],
    ['account id does not match another account', { AWS: '765656841499' }, otherAccountRole, false],
    ['root ARN matches any principal of the account', { AWS: 'arn:aws:iam::765656841499:root' }, alice, true],
    ['root ARN does not match another account', { AWS: 'arn:aws:iam::765656841499:root' }, otherAccountRole, false],
    ['user ARN matches the user', { AWS: USER }, alice, true],
    ['user ARN does not match a role', { AWS: USER }, c1Role, false],
    ['session ARN matches exactly that session', { AWS: C1_SESSION }, c1Session, true],
    ['session ARN does not match the role itself', { AWS: C1_SESSION }, c1Role, false],
    ['a list matches when any entry does', { AWS: [OTHER_ROLE, C1_ROLE] }, c1Session, true],
    ['partial wildcards are literal (AWS rejects them)', { AWS: 'arn:aws:iam::765656841499:role/*' }, c1Role, false],
    ['Service key matches the service principal', { Service: 'ses.amazonaws.com' }, ses, true],
    ['Service key does not match an AWS principal', { Service: 'ses.amazonaws.com' }, c1Role, false],
    ['AWS key does not match a service principal by name', { AWS: C1_ROLE }, ses, false],
    ['Federated key matches exactly', { Federated: 'cognito-identity.amazonaws.com' }, { principal: 'cognito-identity.amazonaws.com', principalAccount: '' }, true],
    ['Federated key does not match others', { Federated: 'cognito-identity.amazonaws.com' }, c1Role, false],
  ];
  it.each(cases)('%s', (_name, block, caller, expected) => {
    expect(principalMatches(block, caller)).toBe(expected);
  });
});

describe('ARN parsing', () => {
  it('parses generic ARNs, keeping colons in the resource', () => {
    expect(parseArn('arn:aws:ses:us-east-1:123456789012:identity/a:b')).toEqual({
      partition: 'aws',
      service: 'ses',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'identity/a:b',
    });
    expect(parseArn('not:an:arn')).toBeUndefined();
    expect(parseArn('xrn:aws:iam::1:role/r')).toBeUndefined();
  });

  it('parses principal ARNs', () => {
    expect(parsePrincipalArn(C1_SESSION)).toMatchObject({ kind: 'assumed-role', account: '765656841499', name: 'ConductorOneService', session: 'c1-session-42' });
    expect(parsePrincipalArn('arn:aws:iam::1:role/service-role/app/r1')).toMatchObject({ kind: 'role', name: 'r1', path: '/service-role/app/' });
    expect(parsePrincipalArn(C1_ROLE)).toMatchObject({ kind: 'role', name: 'ConductorOneService', path: '/' });
    expect(parsePrincipalArn('arn:aws:iam::765656841499:root')).toMatchObject({ kind: 'root', account: '765656841499' });
    expect(parsePrincipalArn(USER)).toMatchObject({ kind: 'user', name: 'alice' });
    expect(parsePrincipalArn('arn:aws:ses:us-east-1:1:identity/x')).toBeUndefined();
  });

  it('maps sessions to their role and derives caller fields', () => {
    expect(sessionRoleArn(C1_SESSION)).toBe(C1_ROLE);
    expect(sessionRoleArn(USER)).toBe(USER);
    expect(principalAccountOf('123456789012')).toBe('123456789012');
    expect(principalAccountOf(C1_SESSION)).toBe('765656841499');
    expect(principalAccountOf('ses.amazonaws.com')).toBeUndefined();
    expect(callerFields(C1_SESSION)).toEqual({ principal: C1_SESSION, principalAccount: '765656841499', principalRoleArn: C1_ROLE });
    expect(callerFields(C1_SESSION, 'arn:aws:iam::765656841499:role/p/ConductorOneService').principalRoleArn).toBe('arn:aws:iam::765656841499:role/p/ConductorOneService');
    expect(callerFields(USER)).toEqual({ principal: USER, principalAccount: '765656841499' });
  });
});
