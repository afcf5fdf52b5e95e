/**
 * The generated c1 bindings: committed files match what the generator makes from the provider's schema
 * (drift check, like modules/), and they synthesize what terraform expects (snake_case names, nested
 * blocks, references to computed attributes, required_providers with the provider's own source).
 */
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { C1_BINDINGS_DIR, checkC1Bindings, renderC1Bindings, writeC1Bindings } from '../../src/constructs/bindings/files';
import { renderBindings, type ProviderSchemaDocument } from '../../src/constructs/bindings/generate';
import { c1 } from '../../src/constructs';
import { providerSchemaJson } from '../../src/provider/schema-json';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('c1 bindings (generated from the provider schema)', () => {
  it('the committed bindings match the provider schema (run `npm run bindings` when this fails)', () => {
    expect(checkC1Bindings()).toEqual({ missing: [], changed: [], extra: [] });
  });

  it('the drift check catches a hand edit, a missing file and a stray file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-bindings-'));
    try {
      const out = path.join(dir, 'c1');
      writeC1Bindings(out);
      expect(checkC1Bindings(out)).toEqual({ missing: [], changed: [], extra: [] });
      fs.appendFileSync(path.join(out, 'email-provider.ts'), '// edited\n');
      fs.rmSync(path.join(out, 'service-principal.ts'));
      fs.writeFileSync(path.join(out, 'stray.ts'), '');
      expect(checkC1Bindings(out)).toEqual({ missing: ['service-principal.ts'], changed: ['email-provider.ts'], extra: ['stray.ts'] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers the provider, every resource and data source of the schema, and a schema change shows up', () => {
    const files = renderC1Bindings();
    const schema = providerSchemaJson().provider_schemas['terraform.local/c1-aws/c1'];
    expect([...files.keys()].sort()).toEqual(
      ['index.ts', 'provider.ts', ...Object.keys(schema.resource_schemas).map((t) => `${t.slice(3).replace(/_/g, '-')}.ts`), ...Object.keys(schema.data_source_schemas).map((t) => `data-${t.replace(/_/g, '-')}.ts`)].sort(),
    );
    const changed = JSON.parse(JSON.stringify(providerSchemaJson())) as Json;
    changed.provider_schemas['terraform.local/c1-aws/c1'].resource_schemas.c1_service_principal.block.attributes.note = { type: 'string', optional: true, description: 'New.', description_kind: 'markdown' };
    const re = renderBindings(changed as ProviderSchemaDocument, { address: 'terraform.local/c1-aws/c1', versionConstraint: '>= 0.1.0', regenerate: 'x' });
    expect(re.get('service-principal.ts')).toContain('readonly note?: string;');
    expect(re.get('service-principal.ts')).toContain('public get note(): string');
    expect(() => renderBindings(changed as ProviderSchemaDocument, { address: 'terraform.local/other/c1', versionConstraint: '>= 0.1.0', regenerate: 'x' })).toThrow(/no provider terraform.local\/other\/c1/);
  });

  it('reserved names get an Attribute suffix instead of shadowing cdktf meta-arguments', () => {
    const doc: ProviderSchemaDocument = {
      provider_schemas: {
        'example.com/x/y': {
          provider: { block: { attributes: {} } },
          resource_schemas: { y_thing: { block: { attributes: { count: { type: 'number', optional: true }, provider: { type: 'string', required: true } } } } },
        },
      },
    };
    const t = renderBindings(doc, { address: 'example.com/x/y', versionConstraint: '>= 1.0.0', regenerate: 'x' }).get('thing.ts') ?? '';
    expect(t).toContain('readonly countAttribute?: number;');
    expect(t).toContain('readonly providerAttribute: string;');
  });

  it('synthesizes terraform JSON: snake_case, nested block, references, provider source and lower-bounded version', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    new c1.C1Provider(stack, 'c1', { tenant: 'acme.conductor.one', serverUrl: 'http://127.0.0.1:1', awsWorkloadIdentity: { clientId: 'a@acme.conductor.one/wfe', durationSeconds: 300 } });
    const ext = new c1.DataC1AwsExternalId(stack, 'ext');
    const sp = new c1.ServicePrincipal(stack, 'sp', { displayName: 'Deploy' });
    const prov = new c1.WorkloadFederationProvider(stack, 'prov', { displayName: 'AWS', issuerUrl: 'https://x.tokens.sts.global.api.aws', disabled: false });
    const trust = new c1.WorkloadFederationTrust(stack, 'trust', { servicePrincipalId: sp.id, providerId: prov.id, conditionExpression: 'claims.sub == "x"', allowSourceCidrs: ['10.0.0.0/8'] });
    new c1.EmailProvider(stack, 'email', { fromAddress: 'a@example.com', awsSes: { roleArn: ext.externalId, region: 'us-east-1', configurationSetName: 'c1' } });
    new TerraformOutput(stack, 'client-id', { value: trust.clientId });
    const tf = JSON.parse(Testing.synth(stack, true)) as Json;
    expect(tf.terraform.required_providers.c1).toEqual({ source: 'terraform.local/c1-aws/c1', version: '>= 0.1.0' });
    expect(tf.provider.c1[0]).toEqual({ tenant: 'acme.conductor.one', server_url: 'http://127.0.0.1:1', aws_workload_identity: { client_id: 'a@acme.conductor.one/wfe', duration_seconds: 300 } });
    expect(tf.resource.c1_workload_federation_trust.trust).toMatchObject({
      service_principal_id: '${c1_service_principal.sp.id}',
      provider_id: '${c1_workload_federation_provider.prov.id}',
      condition_expression: 'claims.sub == "x"',
      allow_source_cidrs: ['10.0.0.0/8'],
    });
    expect(tf.resource.c1_workload_federation_provider.prov).toMatchObject({ display_name: 'AWS', issuer_url: 'https://x.tokens.sts.global.api.aws', disabled: false });
    expect(tf.resource.c1_email_provider.email).toMatchObject({ from_address: 'a@example.com', aws_ses: { role_arn: '${data.c1_aws_external_id.ext.external_id}', region: 'us-east-1', configuration_set_name: 'c1' } });
    expect(tf.resource.c1_email_provider.email.from_name).toBeUndefined();
    expect(tf.output['client-id'].value).toBe('${c1_workload_federation_trust.trust.client_id}');
  });

  it('a provider alias is written and resources can pick it', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'c1-alias-')) });
    const stack = new TerraformStack(app, 's');
    new c1.C1Provider(stack, 'c1');
    const other = new c1.C1Provider(stack, 'c1-other', { alias: 'other', tenant: 'b.conductor.one' });
    new c1.ServicePrincipal(stack, 'sp', { displayName: 'x', provider: other });
    const tf = JSON.parse(Testing.synth(stack, true)) as Json;
    expect(tf.provider.c1).toEqual([{}, { alias: 'other', tenant: 'b.conductor.one' }]);
    expect(tf.resource.c1_service_principal.sp.provider).toBe('c1.other');
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  it('HCL synthesis works too', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    new c1.C1Provider(stack, 'c1', { tenant: 'acme.conductor.one' });
    new c1.EmailProvider(stack, 'email', { fromAddress: 'a@example.com', awsSes: { roleArn: 'arn:aws:iam::111122223333:role/r', region: 'us-east-1' } });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/resource "c1_email_provider" "email" \{[\s\S]*from_address\s+= "a@example.com"/);
    expect(hcl).toMatch(/aws_ses\s+(= )?\{/);
    expect(hcl).toContain('role_arn = "arn:aws:iam::111122223333:role/r"');
  });

  it('the committed folder is the one the drift check reads', () => {
    expect(fs.existsSync(path.join(C1_BINDINGS_DIR, 'index.ts'))).toBe(true);
  });
});
