/**
 * Both sides in one configuration with real terraform: examples/both-sides (aws provider from the
 * local mirror + the c1 provider) against both sandboxes, as the demo runs it: apply, then
 * `plan -detailed-exitcode` = 0 (no drift, no perpetual diff), then destroy, checking each side's
 * state through the sandboxes' APIs. Prints `skipped: <reason>` without terraform or the mirror.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { C1ApiClient } from '../../src/c1/api-client';
import { EmailProvider } from '../../src/c1/email-provider';
import { FederationProviders } from '../../src/c1/federation-providers';
import { FederationTrusts } from '../../src/c1/federation-trusts';
import { DemoSetup, enableFederation } from '../../src/demo/deploy-api';
import { exampleFiles, repoRoot, sandboxAdditionsHcl, sandboxOverrideHcl } from '../../src/demo/deploy-terraform';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../src/sandbox/c1';
import { skipReason, workspace, type Workspace } from './c1-terraform';

const skip = skipReason();
let aws: AwsSandbox | undefined;
let c1: C1Sandbox | undefined;
let ws: Workspace | undefined;

afterAll(async () => {
  ws?.cleanup();
  await Promise.all([aws?.stop(), c1?.stop()]);
});

it('examples/both-sides: one apply wires both sides, the next plan is empty, destroy removes both', async () => {
  if (skip) {
    console.log(`skipped: ${skip}`);
    return;
  }
  aws = await startAwsSandbox({ route53OmitChangeInfo: true });
  c1 = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
  ws = await workspace('c1-both-sides', { CONDUCTORONE_ACCESS_TOKEN: c1.adminToken });
  const setup: DemoSetup = { domain: 'example.com', mailFromDomain: 'mail.example.com', configurationSet: 'c1-mail', roleName: 'c1-ses-sender', sendPolicyName: 'c1-ses-send', workloadRoleName: 'deploy', tenantHost: c1.tenantHost, externalId: c1.externalId };
  const t = { endpoint: aws.endpoint, region: aws.region, accountId: aws.accountId, admin: aws.credentials.admin };
  const issuer = await enableFederation(t);
  for (const [f, text] of exampleFiles(repoRoot())) fs.writeFileSync(path.join(ws.dir, f), text);
  fs.writeFileSync(path.join(ws.dir, 'demo_sandbox.tf'), sandboxAdditionsHcl(setup));
  fs.writeFileSync(path.join(ws.dir, 'demo_override.tf'), sandboxOverrideHcl(aws.terraformProviderHcl(), { baseUrl: c1.baseUrl, tenantHost: c1.tenantHost, adminToken: c1.adminToken }));
  fs.writeFileSync(path.join(ws.dir, 'terraform.tfvars.json'), JSON.stringify({ c1_tenant: c1.tenantHost, domain: setup.domain, workload_role_name: 'deploy', federation_issuer_url: issuer }));

  await ws.tf(['init', '-input=false'], 0);
  const apply = await ws.tf(['apply', '-auto-approve', '-input=false', '-parallelism=20'], 0);
  // The External ID never shows in terraform's output (the data source marks it sensitive).
  expect(apply.stdout + apply.stderr).not.toContain(c1.externalId);
  const show = JSON.parse((await ws.tf(['show', '-json'], 0)).stdout) as { values: { outputs: Record<string, { value: string }> } };
  const out = (k: string): string => show.values.outputs[k].value;

  // C1 side, read back through C1's API: the email provider points at the role terraform created.
  const admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1!.adminToken });
  const email = await new EmailProvider(admin).get();
  expect(email?.awsSes).toEqual({ roleArn: out('role_arn'), region: 'us-east-1', configurationSetName: 'c1-mail' });
  expect(email?.fromAddress).toBe('governance@example.com');
  const trust = await new FederationTrusts(admin).read(out('service_principal_id'), out('client_id'));
  expect(trust?.conditionExpression).toBe(out('trust_expression'));
  expect(out('trust_expression')).toBe('claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333" && claims.sub == "arn:aws:iam::111122223333:role/deploy"');
  const provider = await new FederationProviders(admin).read(trust!.providerId);
  expect(provider?.issuerUrl).toBe(issuer);
  // AWS side: the role's trust carries the tenant's External ID (from the data source).
  const role = await new IAMClient(aws.sdkConfig()).send(new GetRoleCommand({ RoleName: 'c1-ses-sender' }));
  expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '')).toContain(c1.externalId);

  // Nothing to change on the next plan: both providers read back exactly what they wrote.
  const plan = await ws.tf(['plan', '-detailed-exitcode', '-input=false'], undefined);
  expect({ code: plan.code, out: plan.code === 0 ? '' : plan.stdout + plan.stderr }).toEqual({ code: 0, out: '' });

  await ws.tf(['destroy', '-auto-approve', '-input=false'], 0);
  expect((await new EmailProvider(admin).get())?.awsSes).toBeUndefined();
  expect(await new FederationTrusts(admin).read(out('service_principal_id'), out('client_id'))).toBeUndefined();
  expect(await new FederationProviders(admin).read(trust!.providerId)).toBeUndefined();
  await expect(new IAMClient(aws.sdkConfig()).send(new GetRoleCommand({ RoleName: 'c1-ses-sender' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
}, 300_000);
