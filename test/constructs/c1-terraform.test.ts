/**
 * The connecting constructs synthesized and planned by real terraform against both sandboxes: the
 * External ID flows from C1's data source into the role's trust, and the C1EmailProvider precondition
 * stops a plan whose role trusts another External ID (C1 could not assume it), before anything is
 * created. Prints `skipped: <reason>` without terraform or the mirror.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { C1AwsExternalId, C1EmailProvider, c1, SesSender } from '../../src/constructs';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../src/sandbox/c1';
import { skipReason, workspace, type Workspace } from '../demo/c1-terraform';

const skip = skipReason();
let aws: AwsSandbox | undefined;
let tenant: C1Sandbox | undefined;
let ws: Workspace | undefined;

afterAll(async () => {
  ws?.cleanup();
  await Promise.all([aws?.stop(), tenant?.stop()]);
});

/** The stack as terraform JSON, with the aws provider pointed at the sandbox (an override file). */
function stackJson(externalId: (stack: TerraformStack) => string): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'both');
  new c1.C1Provider(stack, 'c1', { tenant: tenant!.tenantHost, serverUrl: tenant!.baseUrl });
  const ses = new SesSender(stack, 'ses', { externalId: externalId(stack), region: 'us-east-1', emailAddress: 'governance@example.com', senderAddress: 'governance@example.com' });
  new C1EmailProvider(stack, 'email', { sesSender: ses });
  const tf = JSON.parse(Testing.synth(stack, false)) as Record<string, unknown>;
  delete tf.provider; // the override file and the c1 block below configure them
  (tf.terraform as Record<string, unknown>).required_providers = { aws: { source: 'hashicorp/aws' }, c1: { source: 'terraform.local/c1-aws/c1' } };
  return JSON.stringify(tf, null, 2);
}

it('External ID from the data source plans; a role trusting another External ID is stopped by the precondition at plan time', async () => {
  if (skip) {
    console.log(`skipped: ${skip}`);
    return;
  }
  aws = await startAwsSandbox({ route53OmitChangeInfo: true });
  tenant = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
  ws = await workspace('c1-constructs-tf', { CONDUCTORONE_ACCESS_TOKEN: tenant.adminToken });
  const providers = `${aws.terraformProviderHcl()}\nprovider "c1" {\n  tenant     = "${tenant.tenantHost}"\n  server_url = "${tenant.baseUrl}"\n}\n`;
  fs.writeFileSync(path.join(ws.dir, 'providers.tf'), providers);

  fs.writeFileSync(path.join(ws.dir, 'main.tf.json'), stackJson((s) => C1AwsExternalId.of(s).externalId));
  await ws.tf(['init', '-input=false'], 0);
  const good = await ws.tf(['plan', '-input=false'], 0);
  expect(good.stdout).toMatch(/c1_email_provider\.email_email_provider will be created/);
  expect(good.stdout + good.stderr).not.toContain(tenant.externalId);

  // Planted: a pasted External ID of another tenant. Literal trust → known at plan time → refused.
  fs.writeFileSync(path.join(ws.dir, 'main.tf.json'), stackJson(() => 'another-tenants-external-id-123'));
  const bad = await ws.tf(['plan', '-input=false'], undefined);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('C1AWS_EXTERNAL_ID_MISMATCH');
  expect(bad.stdout + bad.stderr).not.toContain(tenant.externalId);
}, 240_000);
