import { parseClientId } from '../../src/c1/client-id';
import { C1AwsError } from '../../src/errors';

describe('parseClientId', () => {
  it('parses a workload federation client id', () => {
    const id = parseClientId('wild-otter-12345@YourCompany.Conductor.One/wfe');
    expect(id).toEqual({
      id: 'wild-otter-12345@YourCompany.Conductor.One/wfe',
      name: 'wild-otter-12345',
      host: 'yourcompany.conductor.one',
      kind: 'wfe',
      audience: 'yourcompany.conductor.one',
      tenantUrl: 'https://yourcompany.conductor.one',
    });
  });

  it('parses a credential client id (/spc) and trims spaces', () => {
    const id = parseClientId('  cred-1@acme.conductor.one/spc \n');
    expect(id.kind).toBe('spc');
    expect(id.audience).toBe('acme.conductor.one');
  });

  it.each([
    ['', 'it is empty'],
    ['no-at-sign.conductor.one/wfe', 'no "@"'],
    ['@acme.conductor.one/wfe', 'name before "@" is empty'],
    ['bad name@acme.conductor.one/wfe', 'the name before "@"'],
    ['x@acme.conductor.one', 'no "/wfe" or "/spc" suffix'],
    ['x@/wfe', 'tenant host between "@" and "/" is empty'],
    ['x@acme_corp.conductor.one/wfe', 'is not a DNS name'],
    ['x@acme.conductor.one/oidc', 'neither "wfe" nor "spc"'],
    ['x@acme.conductor.one/wfe/extra', 'neither "wfe" nor "spc"'],
    ['https://x@acme.conductor.one/wfe', 'URL scheme'],
    ['x@a@b.conductor.one/wfe', 'is not a DNS name'],
  ])('rejects %j (%s) naming the input, the rule and the fix', (input, why) => {
    let caught: unknown;
    try {
      parseClientId(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(C1AwsError);
    const e = caught as C1AwsError;
    expect(e.code).toBe('C1AWS_CLIENT_ID_INVALID');
    expect(e.message).toContain(JSON.stringify(input));
    expect(e.message).toContain(why);
    expect(e.message).toContain('<name>@<tenant host>/wfe');
    expect(e.fix).toMatch(/copy the client ID/);
  });
});
