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
    s.resource.aws_iam_role.role.assume_role_policy = '${jsonencode({"Version" = "2012-10-17"})}';
    expect(await codes(s)).toEqual(['TRUST_NOT_READABLE']);
  });
});
