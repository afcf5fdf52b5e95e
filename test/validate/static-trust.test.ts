import { runChecks } from '../../src/validate/run';
import { fromJson } from '../../src/validate/static/inputs';
import { trustCheck } from '../../src/validate/static/trust';
import { EXTERNAL_ID, Json, editPolicy, sesStack } from './fixtures/stack';

async function codes(stack: Json, externalId?: string): Promise<string[]> {
  const [r] = await runChecks([trustCheck(fromJson(stack, 'stack.json'), externalId !== undefined ? { externalId } : {})]);
  expect(r.findings.filter((f) => f.code === 'CHECK_CRASHED')).toEqual([]);
  return r.findings.map((f) => f.code);
}
const trust = (s: Json, edit: (d: Json) => void): Json => editPolicy(s, 'aws_iam_role', 'role', 'assume_role_policy', edit);

describe('static trust check', () => {
  it('passes the correct trust, with and without --external-id', async () => {
    expect(await codes(sesStack())).toEqual([]);
    expect(await codes(sesStack(), EXTERNAL_ID)).toEqual([]);
  });
  it('catches a missing External ID (and the evaluator proves C1 is allowed without it)', async () => {
    const c = await codes(trust(sesStack(), (d) => delete d.Statement[0].Condition));
    expect(c).toEqual(expect.arrayContaining(['TRUST_EXTERNAL_ID_MISSING', 'TRUST_ALLOWS_WITHOUT_EXTERNAL_ID', 'TRUST_ALLOWS_WRONG_EXTERNAL_ID']));
  });
  it('catches a different External ID than --external-id', async () => {
    expect(await codes(sesStack(), 'another-tenant-id')).toEqual(['TRUST_EXTERNAL_ID_MISMATCH']);
  });
  it('catches StringLike on the External ID', async () => {
    const c = await codes(trust(sesStack(), (d) => (d.Statement[0].Condition = { StringLike: { 'sts:ExternalId': 'c1-ext-*' } })));
    expect(c).toEqual(expect.arrayContaining(['TRUST_STRING_LIKE', 'TRUST_EXTERNAL_ID_MISSING', 'TRUST_ALLOWS_WRONG_EXTERNAL_ID']));
  });
  it('catches a wildcard principal', async () => {
    const c = await codes(trust(sesStack(), (d) => (d.Statement[0].Principal = { AWS: '*' })));
    expect(c).toEqual(expect.arrayContaining(['TRUST_WILDCARD_PRINCIPAL', 'TRUST_ALLOWS_OTHER_PRINCIPAL']));
  });
  it('catches an extra principal', async () => {
    const c = await codes(trust(sesStack(), (d) => (d.Statement[0].Principal = { AWS: ['arn:aws:iam::765656841499:role/ConductorOneService', 'arn:aws:iam::111122223333:root'] })));
    expect(c).toEqual(expect.arrayContaining(['TRUST_EXTRA_PRINCIPAL', 'TRUST_ALLOWS_OTHER_PRINCIPAL']));
  });
  it("catches C1's account root instead of its role (any role in C1's account could assume)", async () => {
    const c = await codes(trust(sesStack(), (d) => (d.Statement[0].Principal = { AWS: 'arn:aws:iam::765656841499:root' })));
    expect(c).toEqual(expect.arrayContaining(['TRUST_PRINCIPAL_MISMATCH', 'TRUST_ALLOWS_OTHER_PRINCIPAL']));
  });
  it('catches a trust that does not allow C1 at all', async () => {
    const c = await codes(trust(sesStack(), (d) => (d.Statement[0].Principal = { AWS: 'arn:aws:iam::111122223333:role/Someone' })));
    expect(c).toEqual(expect.arrayContaining(['TRUST_PRINCIPAL_MISMATCH', 'TRUST_C1_DENIED']));
  });
  it('catches an explicit Deny that blocks C1 (decided by the evaluator)', async () => {
    const c = await codes(trust(sesStack(), (d) => d.Statement.push({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })));
    expect(c).toEqual(['TRUST_C1_DENIED']);
  });
  it('reports a missing role only when one is named', async () => {
    const [r] = await runChecks([trustCheck(fromJson(sesStack(), 'x'), { roleName: 'nope' })]);
    expect(r.findings.map((f) => f.code)).toEqual(['TRUST_ROLE_NOT_FOUND']);
  });
  it('warns (never passes silently) when the trust is a Terraform expression it cannot read', async () => {
    const s = sesStack();
    s.resource.aws_iam_role.role.assume_role_policy = '${jsonencode(local.trust)}';
    expect(await codes(s)).toEqual(['TRUST_NOT_READABLE']);
    s.resource.aws_iam_role.role.assume_role_policy = '${data.aws_iam_policy_document.trust.json}';
    expect(await codes(s)).toEqual(['TRUST_NOT_READABLE']);
  });
  it('reads a jsonencode({...}) HCL literal and catches Principal = {AWS = "*"} in it', async () => {
    const s = sesStack();
    const hcl = (principal: string): string =>
      `\${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {AWS = ${principal}}, "Action" = "sts:AssumeRole", "Condition" = {"StringEquals" = {"sts:ExternalId" = "${EXTERNAL_ID}"}}}]})}`;
    s.resource.aws_iam_role.role.assume_role_policy = hcl('"arn:aws:iam::765656841499:role/ConductorOneService"');
    expect(await codes(s, EXTERNAL_ID)).toEqual([]);
    s.resource.aws_iam_role.role.assume_role_policy = hcl('"*"');
    expect(await codes(s, EXTERNAL_ID)).toEqual(expect.arrayContaining(['TRUST_WILDCARD_PRINCIPAL', 'TRUST_ALLOWS_OTHER_PRINCIPAL']));
    s.resource.aws_iam_role.role.assume_role_policy = '${jsonencode({"Version" = "2012-10-17"})}';
    expect(await codes(s)).toEqual(['POLICY_MALFORMED']);
  });
  it('catches a duplicate key in the trust (the attacker value first, the real one last)', async () => {
    const s = sesStack();
    s.resource.aws_iam_role.role.assume_role_policy = JSON.stringify(JSON.parse(s.resource.aws_iam_role.role.assume_role_policy)).replace(`"sts:ExternalId":"${EXTERNAL_ID}"`, `"sts:ExternalId":"attacker","sts:ExternalId":"${EXTERNAL_ID}"`);
    expect(s.resource.aws_iam_role.role.assume_role_policy).toContain('"attacker"');
    expect(await codes(s, EXTERNAL_ID)).toEqual(['POLICY_DUPLICATE_KEY']);
  });
  it('an unresolved principal beside C1\'s is an error; alone it is a warning', async () => {
    const beside = await runChecks([trustCheck(fromJson(trust(sesStack(), (d) => (d.Statement[0].Principal = { AWS: ['arn:aws:iam::765656841499:role/ConductorOneService', '${aws_iam_role.other.arn}'] })), 's'))]);
    expect(beside[0].findings.map((f) => [f.code, f.severity])).toEqual([['TRUST_PRINCIPAL_UNRESOLVED', 'error']]);
    const alone = await runChecks([trustCheck(fromJson(trust(sesStack(), (d) => (d.Statement[0].Principal = { AWS: '${var.c1_principal}' })), 's'))]);
    expect(alone[0].findings.map((f) => [f.code, f.severity])).toEqual(expect.arrayContaining([['TRUST_PRINCIPAL_UNRESOLVED', 'warning']]));
  });
  it('many roles: findings land on the right role (memoized decisions never leak across trusts)', async () => {
    const s = sesStack();
    const good = s.resource.aws_iam_role.role.assume_role_policy as string;
    const mk = (id: string, principal = 'arn:aws:iam::765656841499:role/ConductorOneService'): string =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': id } } }] });
    s.resource.aws_iam_role = {
      a: { name: 'a', assume_role_policy: good },
      b: { name: 'b', assume_role_policy: good.replace('"AWS":"arn:aws:iam::765656841499:role/ConductorOneService"', '"AWS":"*"') },
      c: { name: 'c', assume_role_policy: mk('tenant-c-id') },
      d: { name: 'd', assume_role_policy: mk('tenant-d-id', '*') },
      e: { name: 'e', assume_role_policy: mk('tenant-e-id') },
      f: { name: 'f', assume_role_policy: good },
    };
    const [r] = await runChecks([trustCheck(fromJson(s, 'x'))]);
    const at = (a: string): string[] => [...new Set(r.findings.filter((f) => f.address === `aws_iam_role.${a}`).map((f) => f.code))].sort();
    expect(at('a')).toEqual([]);
    expect(at('f')).toEqual([]);
    expect(at('c')).toEqual([]);
    expect(at('e')).toEqual([]);
    expect(at('b')).toEqual(['TRUST_ALLOWS_OTHER_PRINCIPAL', 'TRUST_WILDCARD_PRINCIPAL']);
    expect(at('d')).toEqual(['TRUST_ALLOWS_OTHER_PRINCIPAL', 'TRUST_WILDCARD_PRINCIPAL']);
  });
  it('malformed trusts are findings, never a crash', async () => {
    const bad: unknown[] = [
      { Version: '2012-10-17', Statement: null },
      { Version: '2012-10-17', Statement: [1, 2] },
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: null, Action: 'sts:AssumeRole' }] },
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::765656841499:role/ConductorOneService' }, Action: 'sts:AssumeRole', Condition: null }] },
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'x' }, Action: 'sts:AssumeRole', Condition: { StringEquals: null } }] },
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'x' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': { nested: 1 } } } }] },
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [1] }, Action: 'sts:AssumeRole' }] },
      'not json at all',
    ];
    for (const b of bad) {
      const s = sesStack();
      s.resource.aws_iam_role.role.assume_role_policy = typeof b === 'string' ? b : JSON.stringify(b);
      expect(await codes(s)).toEqual(['POLICY_MALFORMED']);
    }
    const s = sesStack();
    s.resource.aws_iam_role.role.assume_role_policy = `{"Version":"2012-10-17","Statement":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const [r] = await runChecks([trustCheck(fromJson(s, 'x'))]);
    expect(r.findings.map((f) => f.code)).toEqual(['POLICY_MALFORMED']);
    expect(r.findings[0].message).toMatch(/nested deeper than/);
  });
});
