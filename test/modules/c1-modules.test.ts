/**
 * The C1-side modules (modules/c1-email-provider, modules/c1-workload-federation): generator
 * conventions (no provider/backend block, only the c1 provider, lower-bounded; typed, described,
 * validated variables; described outputs), and with real terraform: planted bad inputs are refused at
 * plan time with their code, good ones plan against the local tenant.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { C1_MODULES } from '../../src/constructs/modules/c1-definitions';
import { renderAllModules } from '../../src/constructs/modules/files';
import { startC1Sandbox, type C1Sandbox } from '../../src/sandbox/c1';
import { skipReason, workspace, type Workspace } from '../demo/c1-terraform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.join(__dirname, '..', '..');
const files = renderAllModules();
const NAMES = ['c1-email-provider', 'c1-workload-federation'];
const mod = (n: string): Json => JSON.parse(files.get(path.join(n, 'main.tf.json'))!) as Json;

describe('C1-side modules: generator conventions', () => {
  it('are registered with the module generator and committed as generated', () => {
    expect(C1_MODULES.map((m) => m.name)).toEqual(NAMES);
    for (const n of NAMES) {
      for (const f of ['main.tf.json', 'README.md']) expect([n, f, fs.readFileSync(path.join(root, 'modules', n, f), 'utf8') === files.get(path.join(n, f))]).toEqual([n, f, true]);
    }
  });

  it.each(NAMES)('%s: no provider or backend, only the c1 provider with a lower bound, typed/described/validated variables, described outputs', (n) => {
    const m = mod(n);
    expect(m.provider).toBeUndefined();
    expect(m.terraform.backend).toBeUndefined();
    expect(m.terraform.required_providers).toEqual({ c1: { source: 'terraform.local/c1-aws/c1', version: '>= 0.1.0' } });
    expect(m.terraform.required_version).toBe('>= 1.5.0');
    for (const [name, v] of Object.entries(m.variable as Json)) {
      expect([name, typeof v.type, (v.description as string).length > 10]).toEqual([name, 'string', true]);
      for (const val of v.validation ?? []) expect(val.error_message).toMatch(/\[C1AWS_[A-Z0-9_]+\]\.$/);
    }
    for (const [name, o] of Object.entries(m.output as Json)) expect([name, (o as Json).description.length > 10]).toEqual([name, true]);
    const readme = files.get(path.join(n, 'README.md'))!;
    for (const name of [...Object.keys(m.variable), ...Object.keys(m.output)]) expect([n, readme.includes(`| ${name} |`)]).toEqual([n, true]);
    expect(readme).toContain('| terraform.local/c1-aws/c1 | `>= 0.1.0` |');
    expect(readme).toContain('it uses the `c1` provider of the caller');
  });

  it('resource names are human and stable', () => {
    expect(Object.keys(mod('c1-email-provider').resource.c1_email_provider)).toEqual(['email_provider']);
    const wf = mod('c1-workload-federation').resource;
    expect([Object.keys(wf.c1_workload_federation_provider), Object.keys(wf.c1_service_principal), Object.keys(wf.c1_workload_federation_trust)]).toEqual([['provider'], ['service_principal'], ['trust']]);
    expect(Object.keys(mod('c1-workload-federation').output).sort()).toEqual(['client_id', 'provider_id', 'service_principal_id']);
  });
});

describe('C1-side modules with terraform', () => {
  const skip = skipReason();
  let c1: C1Sandbox | undefined;
  let ws: Workspace | undefined;
  afterAll(async () => {
    ws?.cleanup();
    await c1?.stop();
  });

  const good = {
    email: { role_arn: 'arn:aws:iam::111122223333:role/c1-ses-sender', region: 'us-east-1', from_address: 'governance@example.com', from_name: 'Acme', configuration_set_name: 'c1-mail' },
    fed: { issuer_url: 'https://0b4c9a2e.tokens.sts.global.api.aws', condition_expression: 'claims.sub == "arn:aws:iam::111122223333:role/deploy" && claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333"' },
  };

  function rootModule(email: Record<string, unknown>, fed: Record<string, unknown>): string {
    const body = (o: Record<string, unknown>): string => Object.entries(o).map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`).join('\n');
    return `terraform {\n  required_providers {\n    c1 = { source = "terraform.local/c1-aws/c1" }\n  }\n}\n\nprovider "c1" {\n  tenant     = "${c1!.tenantHost}"\n  server_url = "${c1!.baseUrl}"\n}\n\nmodule "email" {\n  source = ${JSON.stringify(path.join(root, 'modules', 'c1-email-provider'))}\n${body(email)}\n}\n\nmodule "fed" {\n  source = ${JSON.stringify(path.join(root, 'modules', 'c1-workload-federation'))}\n${body(fed)}\n}\n`;
  }

  it('planted bad inputs fail the plan with their code; good ones plan the three C1 objects and the email provider', async () => {
    if (skip) {
      console.log(`skipped: ${skip}`);
      return;
    }
    c1 = await startC1Sandbox();
    ws = await workspace('c1-modules', { CONDUCTORONE_ACCESS_TOKEN: c1.adminToken });
    fs.writeFileSync(path.join(ws.dir, 'main.tf'), rootModule(good.email, good.fed));
    await ws.tf(['init', '-input=false'], 0);
    const plan = await ws.tf(['plan', '-input=false'], 0);
    expect(plan.stdout).toMatch(/Plan: 4 to add, 0 to change, 0 to destroy/);

    // An existing service principal: the module creates none, the trust attaches to it.
    fs.writeFileSync(path.join(ws.dir, 'main.tf'), rootModule(good.email, { ...good.fed, service_principal_id: c1.defaultServicePrincipalId }));
    const existing = await ws.tf(['plan', '-input=false'], 0);
    expect(existing.stdout).toMatch(/Plan: 3 to add, 0 to change, 0 to destroy/);
    expect(existing.stdout).not.toContain('c1_service_principal.service_principal');
    expect(existing.stdout).toContain(`service_principal_id = "${c1.defaultServicePrincipalId}"`);

    const planted: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      ['role_arn a user', { ...good.email, role_arn: 'arn:aws:iam::111122223333:user/x' }, good.fed, 'C1AWS_ROLE_ARN_INVALID'],
      ['region', { ...good.email, region: 'moon-1' }, good.fed, 'C1AWS_REGION_INVALID'],
      ['from_address', { ...good.email, from_address: 'nobody' }, good.fed, 'C1AWS_EMAIL_INVALID'],
      ['from_name CR/LF', { ...good.email, from_name: 'Acme\r\nBcc: x@evil.test' }, good.fed, 'C1AWS_SENDER_NAME_INVALID'],
      ['configuration set', { ...good.email, configuration_set_name: 'bad name' }, good.fed, 'C1AWS_CONFIGURATION_SET_NAME_INVALID'],
      ['issuer http', good.email, { ...good.fed, issuer_url: 'http://issuer.example.com' }, 'C1AWS_ISSUER_URL_INVALID'],
      ['empty condition', good.email, { ...good.fed, condition_expression: ' ' }, 'C1AWS_CONDITION_INVALID'],
      ['CIDR', good.email, { ...good.fed, allow_source_cidrs: ['10.0.0.0/33'] }, 'C1AWS_SOURCE_CIDR_INVALID'],
      ['empty service principal id', good.email, { ...good.fed, service_principal_id: '' }, 'C1AWS_SERVICE_PRINCIPAL_ID_EMPTY'],
    ];
    const failures: string[] = [];
    for (const [what, email, fed, code] of planted) {
      fs.writeFileSync(path.join(ws.dir, 'main.tf'), rootModule(email, fed));
      const r = await ws.tf(['plan', '-input=false'], undefined);
      if (r.code === 0 || !r.stderr.includes(code)) failures.push(`${what}: exit ${r.code}, ${code} ${r.stderr.includes(code) ? 'named' : 'not named'}`);
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
