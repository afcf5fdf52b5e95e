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
  expect(out).toMatch(/Summary: 11 checks — 11 passed, 0 failed/);
  expect(out).toContain('OK: no blocking finding');
  expect(out).toMatch(/Sandbox outbox: 2 message\(s\)/);
  expect(out).toMatch(/Whole demo: \d+ ms/);
  const ext = /External ID is (\S+)…\((\d+) chars\)/.exec(out);
  expect(ext).not.toBeNull();
  expect(out + err).not.toMatch(new RegExp(`${ext?.[1]}[\\w+=,.@:/-]{8,}`));
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
    expectValidated(out, err);
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

  it('terraform path: applies the generated modules into the sandbox, enables federation through IAM and says so, validates', async () => {
    const tf = terraformAvailability();
    if (!tf.available) {
      console.log(`skipped: ${tf.reason}`);
      return;
    }
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('c1-demo-tf-')));
    const { code, out, err } = await demo({ deploy: 'terraform' });
    expect(code).toBe(0);
    expect(out).toContain('deployed with terraform: terraform applied modules/c1-ses-sender and modules/c1-web-identity-token');
    expect(out).toContain('needs hashicorp/aws >= 6.26.0, which the mirror lacks, so outbound federation was enabled through the IAM API');
    expect(out).toMatch(/timings: terraform init: \d+ ms; terraform apply: \d+ ms/);
    expect(out).toContain('Static checks of terraform state of the demo root module');
    expectValidated(out, err);
    // The temp root module (holding the sandbox keys in its provider block) is gone.
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('c1-demo-tf-') && !before.has(n))).toEqual([]);
  }, 90_000);
});
