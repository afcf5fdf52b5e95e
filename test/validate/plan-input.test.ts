import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runChecks } from '../../src/validate/run';
import { fromJson, loadInput } from '../../src/validate/static/inputs';
import { dnsCheck } from '../../src/validate/static/dns';
import { sendPolicyCheck } from '../../src/validate/static/send-policy';
import { sesStack } from './fixtures/stack';

const planFile = path.join(__dirname, 'fixtures', 'plan.json');
const readPlan = (): Record<string, any> => JSON.parse(fs.readFileSync(planFile, 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('inputs', () => {
  it('normalises a terraform plan (module resources, region) and a cdktf stack into the same shape', () => {
    const plan = loadInput(planFile);
    expect(plan.kind).toBe('plan');
    expect(plan.region).toBe('us-east-1');
    expect(plan.resources.map((r) => r.type)).toEqual(expect.arrayContaining(['aws_iam_role', 'aws_iam_role_policy', 'aws_sesv2_email_identity']));
    expect(plan.resources.find((r) => r.type === 'aws_iam_role')?.address).toBe('module.c1_ses_sender.aws_iam_role.this');
    const stack = fromJson(sesStack(), 'x', 'demo');
    expect(stack.kind).toBe('cdktf');
    expect(stack.resources.find((r) => r.address === 'aws_iam_role.role')?.values.name).toBe('c1-ses-sender');
  });
  it('loads cdktf.out with several stacks and prefixes addresses with the stack', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1v-'));
    for (const n of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, 'cdktf.out', 'stacks', n), { recursive: true });
      fs.writeFileSync(path.join(dir, 'cdktf.out', 'stacks', n, 'cdk.tf.json'), JSON.stringify(sesStack()));
    }
    const all = loadInput(dir);
    expect(all.resources.some((r) => r.address === 'a/aws_iam_role.role')).toBe(true);
    expect(all.resources.some((r) => r.address === 'b/aws_iam_role.role')).toBe(true);
    expect(loadInput(path.join(dir, 'cdktf.out'), 'b').resources.every((r) => r.stack === 'b')).toBe(true);
    expect(() => loadInput(dir, 'zzz')).toThrow(/stack "zzz"/);
    fs.rmSync(dir, { recursive: true });
  });
  it('rejects unreadable input with a named error', () => {
    expect(() => loadInput('/nonexistent/x.json')).toThrow(/does not exist/);
    expect(() => fromJson({ hello: 1 }, 'odd.json')).toThrow(/odd.json is neither/);
  });
});

describe('static checks on a plan', () => {
  it('passes the plan, counts DKIM records whose names are unknown until apply', async () => {
    const p = loadInput(planFile);
    const rs = await runChecks([sendPolicyCheck(p), dnsCheck(p)]);
    expect(rs.flatMap((r) => r.findings)).toEqual([]);
  });
  it('catches Resource "*" and a missing DKIM record in a plan', async () => {
    const plan = readPlan();
    const res = plan.planned_values.root_module.child_modules[0].resources;
    const pol = res.find((r: { name: string }) => r.name === 'send');
    const doc = JSON.parse(pol.values.policy);
    doc.Statement[0].Resource = '*';
    pol.values.policy = JSON.stringify(doc);
    plan.planned_values.root_module.child_modules[0].resources = res.filter((r: { address: string }) => r.address !== 'module.c1_ses_sender.aws_route53_record.dkim[2]');
    const p = fromJson(plan, 'plan.json');
    const rs = await runChecks([sendPolicyCheck(p), dnsCheck(p)]);
    expect(rs.flatMap((r) => r.findings.map((f) => f.code))).toEqual(['SEND_RESOURCE_WILDCARD', 'DNS_DKIM_COUNT']);
  });
  it('reads resource_changes when planned_values is absent', () => {
    const p = fromJson({ format_version: '1.2', resource_changes: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', change: { actions: ['create'], after: { name: 'c1' } } }] }, 'p.json');
    expect(p.resources).toEqual([expect.objectContaining({ address: 'aws_iam_role.r', values: { name: 'c1' } })]);
  });
});
