import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runChecks } from '../../src/validate/run';
import { InputError, MAX_INPUT_BYTES, fromJson, loadInput } from '../../src/validate/static/inputs';
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

describe('hostile and odd input files', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1v-in-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a FIFO without reading it (never blocks)', () => {
    const fifo = path.join(dir, 'plan.fifo');
    const r = spawnSync('mkfifo', [fifo]);
    if (r.status !== 0) {
      console.log('skipped: mkfifo is not available');
      return;
    }
    expect(() => loadInput(fifo)).toThrow(/is a FIFO \(named pipe\); only regular files are read/);
    // Also when a stack directory's cdk.tf.json is a FIFO.
    const stackDir = path.join(dir, 'stack');
    fs.mkdirSync(stackDir);
    spawnSync('mkfifo', [path.join(stackDir, 'cdk.tf.json')]);
    expect(() => loadInput(stackDir)).toThrow(/FIFO/);
  });
  it('refuses a link to a device that never ends', () => {
    const link = path.join(dir, 'zero.json');
    fs.symlinkSync('/dev/zero', link);
    expect(() => loadInput(link)).toThrow(/is a device; only regular files are read/);
  });
  it('refuses a file over the size cap before reading it', () => {
    const big = path.join(dir, 'big.json');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, MAX_INPUT_BYTES + 1);
    fs.closeSync(fd);
    expect(() => loadInput(big)).toThrow(/over the \d+-byte limit/);
  });
  it('accepts a UTF-8 BOM', () => {
    const f = path.join(dir, 'bom.json');
    fs.writeFileSync(f, `\uFEFF${JSON.stringify(sesStack())}`);
    expect(loadInput(f).resources.length).toBeGreaterThan(0);
  });
  it('a duplicate key in the file is an input error, 100k-deep nesting too (never a RangeError)', () => {
    const dup = path.join(dir, 'dup.json');
    fs.writeFileSync(dup, '{"resource":{},"resource":{"aws_iam_role":{}}}');
    expect(() => loadInput(dup)).toThrow(/ambiguous: the key \$\.resource occurs twice/);
    const deep = path.join(dir, 'deep.json');
    fs.writeFileSync(deep, `{"resource":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(() => loadInput(deep)).toThrow(InputError);
    expect(() => loadInput(deep)).toThrow(/nested deeper than 256 levels/);
  });
  it('a plan JSON with wrong types is an input error naming the path', () => {
    const plan = readPlan();
    plan.planned_values.root_module.child_modules[0].resources[0].values = 'oops';
    expect(() => fromJson(plan, 'plan.json')).toThrow(/plan.json has the wrong shape: \$\.planned_values\.root_module\.child_modules\[0\]\.resources\[0\]\.values must be an object, not string/);
    for (const broken of [
      { format_version: '1.2', planned_values: [] },
      { format_version: '1.2', planned_values: { root_module: { resources: {} } } },
      { format_version: '1.2', resource_changes: [{ address: 1, change: {} }] },
      { format_version: '1.2', resource_changes: [{ address: 'a', change: { actions: 'create' } }] },
      { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_iam_role.r', type: 'aws_iam_role', name: null }] } } },
      { format_version: '1.2', configuration: { root_module: { module_calls: { m: null } } } },
    ]) {
      expect(() => fromJson(broken, 'p.json')).toThrow(InputError);
    }
    expect(() => fromJson({ resource: { aws_iam_role: [] } }, 's.json')).toThrow(/\$\.resource\.aws_iam_role must be an object/);
  });
});

describe('plans whose policies are known only after apply', () => {
  it('links the role policy to the role through the configuration references and says "not checkable before apply"', async () => {
    const plan = readPlan();
    const mod = plan.planned_values.root_module.child_modules[0];
    const pol = mod.resources.find((r: { name: string }) => r.name === 'send');
    const role = mod.resources.find((r: { type: string }) => r.type === 'aws_iam_role');
    // What terraform writes before apply: the policy and the role id are unknown (absent from planned values).
    delete pol.values.policy;
    delete pol.values.role;
    plan.resource_changes = [
      { address: pol.address, mode: 'managed', type: pol.type, name: pol.name, change: { actions: ['create'], after: pol.values, after_unknown: { policy: true, role: true, id: true } } },
    ];
    plan.configuration = {
      root_module: {
        module_calls: {
          c1_ses_sender: {
            module: {
              resources: [
                { address: `${pol.type}.${pol.name}`, expressions: { role: { references: [`${role.type}.${role.name}.id`, `${role.type}.${role.name}`] }, policy: { references: ['aws_sesv2_email_identity.identity.arn'] } } },
              ],
            },
          },
        },
      },
    };
    const p = fromJson(plan, 'plan.json');
    const [r] = await runChecks([sendPolicyCheck(p)]);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['POLICY_UNKNOWN_UNTIL_APPLY', 'warning']]);
    expect(r.findings[0].message).toMatch(/not checkable before apply/);
    expect(r.status).toBe('warn');
    expect(r.reason).not.toMatch(/only ses:SendEmail/);
  });
});

describe('plans without configuration references', () => {
  it('a role whose policy link is known only after apply is a warning, not SEND_POLICY_MISSING', async () => {
    const plan = readPlan();
    const mod = plan.planned_values.root_module.child_modules[0];
    const pol = mod.resources.find((r: { name: string }) => r.name === 'send');
    delete pol.values.role;
    delete pol.values.policy;
    plan.resource_changes = [{ address: pol.address, mode: 'managed', type: pol.type, name: pol.name, change: { actions: ['create'], after: pol.values, after_unknown: { policy: true, role: true } } }];
    delete plan.configuration;
    const [r] = await runChecks([sendPolicyCheck(fromJson(plan, 'plan.json'))]);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['POLICY_UNKNOWN_UNTIL_APPLY', 'warning']]);
  });
});
