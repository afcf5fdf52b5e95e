import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DemoOptions, runDemo } from '../../src/demo/run';
import { terraformAvailability } from '../../src/demo/terraform';

async function demo(o: DemoOptions): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDemo(o, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

function expectValidated(out: string, err: string): void {
  expect(out).toMatch(/Summary: 11 checks — 11 passed\.\n/);
  expect(out).toContain('OK: no blocking finding');
  expect(out).toMatch(/Sandbox outbox: 2 message\(s\)/);
  expect(out).toMatch(/Whole demo: \d+ ms/);
  const ext = /External ID is (\S+)…\((\d+) chars\)/.exec(out);
  expect(ext).not.toBeNull();
  // The sandbox's External ID is `c1-` + hex: neither the whole ID nor 8+ more of its hex digits may appear
  // (a looser pattern would also match unrelated names that share the 4-character prefix, e.g. temp dirs).
  const [prefix, length] = [ext?.[1] ?? '', Number(ext?.[2])];
  expect(out + err).not.toMatch(new RegExp(`${prefix}[\\w+=,.@:/-]{${length - prefix.length}}`));
  expect(out + err).not.toMatch(new RegExp(`${prefix}[0-9a-f]{8,}`));
}

/** A green run reads green: no wording that looks like a problem outside the validator's own report. */
function expectNoProblemWording(out: string, err: string): void {
  const demoLines = `${out}\n${err}`.split('\n').filter((l) => !/^\s*(PASS|info|fix:|Summary:|OK:)/.test(l) && !/^\s+(PASS|info)\s/.test(l) && !/^\s{6,}/.test(l));
  expect(demoLines.filter((l) => /\b(error|warning|failed|fail|lacks)\b/i.test(l))).toEqual([]);
}

function withEnv<T>(vars: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return f().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

describe('c1-aws demo (npm start)', () => {
  it('API path: deploys through the sandbox APIs, configures C1, validates static + live: exit 0, says how, never prints the External ID', async () => {
    const { code, out, err } = await demo({ deploy: 'api' });
    expect(code).toBe(0);
    expect(out).toContain("deployed through the APIs: through the sandbox's AWS APIs with the documents from src/policy (not with terraform: the API path was asked for)");
    expect(out).toMatch(/timings: API deploy: \d+ ms/);
    expect(out).toContain('C1 configured through its API: workload federation provider for the issuer');
    expectValidated(out, err);
    expectNoProblemWording(out, err);
  });

  it('auto without terraform on the PATH: takes the API path and says why', async () => {
    const { code, out, err } = await withEnv({ PATH: path.join(os.tmpdir(), 'c1-no-such-bin') }, () => demo({}));
    expect(code).toBe(0);
    expect(out).toContain('(not with terraform: terraform is not on the PATH)');
    expectValidated(out, err);
  });

  it('auto with a broken provider mirror: terraform fails, the demo falls back to the API deploy in fresh sandboxes and says so', async () => {
    if (!terraformAvailability().available) {
      console.log('skipped: terraform is not on the PATH');
      return;
    }
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-fake-mirror-'));
    fs.mkdirSync(path.join(fake, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
    try {
      const { code, out, err } = await withEnv({ TF_PLUGIN_MIRROR: fake }, () => demo({}));
      expect(code).toBe(0);
      expect(out).toMatch(/not with terraform: terraform failed \(terraform init failed \(exit 1\): .+\); fell back to the API deploy in fresh sandboxes\)/);
      expectValidated(out, err);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  it('terraform path: one apply of examples/both-sides wires both sides (aws + c1 providers), federation switch through IAM and says so, validates, leaves no temp files', async () => {
    const tf = terraformAvailability();
    if (!tf.available) {
      console.log(`skipped: ${tf.reason}`);
      return;
    }
    // Its own temp dir: runs never share (or race on) the system temp dir.
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-demo-test-'));
    try {
      const { code, out, err } = await demo({ deploy: 'terraform', tmpDir });
      expect(code).toBe(0);
      expect(out).toContain('deployed with terraform: one terraform apply of examples/both-sides wired both sides: aws (hashicorp/aws from');
      expect(out).toContain('the External ID read from C1 by the c1_aws_external_id data source, the role, the email provider (C1 assumed the role while saving it), the federation provider and the trust');
      expect(out).toContain('so outbound federation was enabled through the IAM API before the apply');
      expect(out).toMatch(/C1 configured by the same apply: workload federation provider for the issuer, trust [a-z]+-[a-z]+-\d+@acme\.conductor\.one\/wfe, email provider saved/);
      expect(out).toMatch(/timings: c1 provider install: \d+ ms; terraform init: \d+ ms; terraform apply: \d+ ms/);
      expect(out).toContain('Static checks of terraform state of examples/both-sides (aws + c1 providers, one apply)');
      expectValidated(out, err);
      expectNoProblemWording(out, err);
      // The temp root module (holding the sandbox keys in its provider block) is gone.
      expect(fs.readdirSync(tmpDir)).toEqual([]);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  }, 180_000);
});
