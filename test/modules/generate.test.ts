/** The module generator: shape of the generated modules, and drift detection by `modules check`. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODULES } from '../../src/constructs/modules/definitions';
import { checkModules, renderAllModules } from '../../src/constructs/modules/files';
import { EXTERNAL_ID_RULE, REGION_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE } from '../../src/policy/rules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = join(__dirname, '..', '..');
const files = renderAllModules();
const mod = (name: string): Json => JSON.parse(files.get(join(name, 'main.tf.json'))!) as Json;
const NAMES = ['c1-ses-sender', 'c1-outbound-federation', 'c1-web-identity-token'];

let dir = '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('generated modules', () => {
  it('are main.tf.json + README.md per module (the AWS-side ones among them)', () => {
    const all = MODULES.map((m) => m.name);
    expect(all).toEqual(expect.arrayContaining(NAMES));
    expect([...files.keys()].sort()).toEqual(all.flatMap((n) => [join(n, 'README.md'), join(n, 'main.tf.json')]).sort());
  });

  it.each(NAMES)('%s: no provider, no backend, required_version and a lower-bounded aws', (n) => {
    const m = mod(n);
    expect(m.provider).toBeUndefined();
    expect(m.terraform.backend).toBeUndefined();
    expect(m.terraform.required_version).toBe('>= 1.5.0');
    expect(m.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: n === 'c1-outbound-federation' ? '>= 6.26.0' : '>= 5.0.0' });
  });

  it.each(NAMES)('%s: human names, every variable typed and described, every output described', (n) => {
    const m = mod(n);
    for (const kind of ['resource', 'data'] as const) {
      for (const byName of Object.values((m[kind] ?? {}) as Json)) {
        for (const name of Object.keys(byName as Json)) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      }
    }
    for (const [name, v] of Object.entries((m.variable ?? {}) as Json)) {
      expect([name, typeof v.type, typeof v.description]).toEqual([name, 'string', 'string']);
      for (const val of v.validation ?? []) expect(val.error_message).toMatch(/\[C1AWS_[A-Z0-9_]+\]\.$/);
    }
    for (const [name, o] of Object.entries(m.output as Json)) expect([name, (o as Json).description.length > 10]).toEqual([name, true]);
    expect(JSON.stringify(m)).not.toContain('"//"');
  });

  it('c1-ses-sender: validation blocks mirror the construct rules', () => {
    const v = mod('c1-ses-sender').variable as Json;
    const cond = (name: string): string[] => (v[name].validation as Json[]).map((x) => x.condition as string);
    expect(cond('external_id')).toContain(`\${${EXTERNAL_ID_RULE.hcl.replace(/VALUE/g, 'var.external_id')}}`);
    expect(cond('region')).toContain(`\${${REGION_RULE.hcl.replace(/VALUE/g, 'var.region')}}`);
    expect(cond('role_name')).toContain(`\${${ROLE_NAME_RULE.hcl.replace(/VALUE/g, 'var.role_name')}}`);
    expect(cond('role_path')).toContain(`\${${ROLE_PATH_RULE.hcl.replace(/VALUE/g, 'var.role_path')}}`);
    expect(v.external_id.sensitive).toBe(true);
    // No validation reads another variable (needs Terraform 1.9; the module allows 1.5+).
    for (const [name, x] of Object.entries(v)) {
      for (const val of (x as Json).validation ?? []) {
        const others = [...String(val.condition).matchAll(/var\.(\w+)/g)].map((mm) => mm[1]).filter((o) => o !== name);
        expect([name, others]).toEqual([name, []]);
      }
    }
    const mf = mod('c1-ses-sender').resource.aws_sesv2_email_identity_mail_from_attributes.mail_from;
    expect(mf.lifecycle.precondition[0].error_message).toContain('[C1AWS_MAIL_FROM_NOT_SUBDOMAIN]');
    // the identity's domain: `domain`, or the domain of `email_address`
    expect(mf.lifecycle.precondition[0].condition).toBe('${endswith(var.mail_from_subdomain, join("", [".", coalesce(var.domain, element(split("@", coalesce(var.email_address, "@")), 1))]))}');
  });

  it('c1-outbound-federation: prevent_destroy and the import path documented', () => {
    expect(mod('c1-outbound-federation').resource.aws_iam_outbound_web_identity_federation.this).toEqual({ lifecycle: { prevent_destroy: true } });
    const readme = files.get(join('c1-outbound-federation', 'README.md'))!;
    expect(readme).toContain('terraform import module.<name>.aws_iam_outbound_web_identity_federation.this <12-digit account id>');
  });

  it('READMEs list every variable and output', () => {
    for (const n of NAMES) {
      const readme = files.get(join(n, 'README.md'))!;
      const m = mod(n);
      for (const name of [...Object.keys(m.variable ?? {}), ...Object.keys(m.output)]) expect([n, readme.includes(`| ${name} |`)]).toEqual([n, true]);
      expect(readme).toContain('```hcl');
    }
  });

  it('the committed modules/ matches the generator', () => {
    const drift = checkModules(join(root, 'modules'));
    expect(drift).toEqual({ missing: [], changed: [], extra: [] });
  });

  it('`modules check` lists a changed, a missing and an extra file and exits 1', () => {
    dir = mkdtempSync(join(tmpdir(), 'c1-aws-modules-check-'));
    cpSync(join(root, 'modules'), dir, { recursive: true });
    const changed = join(dir, 'c1-ses-sender', 'main.tf.json');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('"c1-ses-send"', '"renamed-by-hand"'));
    unlinkSync(join(dir, 'c1-web-identity-token', 'README.md'));
    writeFileSync(join(dir, 'c1-outbound-federation', 'extra.tf'), '# hand-written\n');
    expect(checkModules(dir)).toEqual({
      missing: [join('c1-web-identity-token', 'README.md')],
      changed: [join('c1-ses-sender', 'main.tf.json')],
      extra: [join('c1-outbound-federation', 'extra.tf')],
    });
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'modules', 'check', '--dir', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      stderr = err.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain(`differs: ${dir}/c1-ses-sender/main.tf.json`);
    expect(stderr).toContain(`missing: ${dir}/c1-web-identity-token/README.md`);
    expect(stderr).toContain(`not generated: ${dir}/c1-outbound-federation/extra.tf`);
    expect(stderr).toContain('npm run modules');
  });
});
