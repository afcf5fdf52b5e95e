/**
 * Example cdktf app using the three constructs (`npx cdktf synth` in the repo runs it).
 * Two stacks, because the account-level federation switch must not live in a per-workload stack:
 *  - `c1-account`: the SES sender for C1 and the outbound federation switch;
 *  - `c1-workload`: a workload role's permission to get tokens for the C1 tenant.
 * Values come from the environment so the same app fits a real account.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { OutboundFederation, SesSender, WebIdentityTokenAccess } from '../../src/constructs';

export interface ExampleSettings {
  readonly region: string;
  readonly domain: string;
  readonly hostedZoneId?: string;
  readonly externalId: string;
  readonly clientId: string;
  readonly workloadRoleName: string;
  readonly accountId?: string;
}

export const EXAMPLE_SETTINGS: ExampleSettings = {
  region: process.env.AWS_REGION ?? 'us-east-1',
  domain: process.env.C1_SES_DOMAIN ?? 'example.com',
  hostedZoneId: process.env.C1_SES_HOSTED_ZONE_ID,
  externalId: process.env.C1_EXTERNAL_ID ?? 'example-tenant-external-id',
  clientId: process.env.C1_CLIENT_ID ?? 'calm-wolf-40291@yourcompany.conductor.one/wfe',
  workloadRoleName: process.env.C1_WORKLOAD_ROLE ?? 'DeployRole',
  accountId: process.env.AWS_ACCOUNT_ID,
};

export class AccountStack extends TerraformStack {
  public readonly ses: SesSender;
  public readonly federation: OutboundFederation;

  constructor(scope: Construct, id: string, s: ExampleSettings) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: s.region });
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.ses = new SesSender(this, 'ses', {
      externalId: s.externalId,
      region: s.region,
      domain: s.domain,
      senderAddress: `governance@${s.domain}`,
      senderName: 'Governance Team',
      replyToAddress: `it@${s.domain}`,
      hostedZoneId: s.hostedZoneId,
      mailFromSubdomain: `mail.${s.domain}`,
      dmarc: { policy: 'none' },
      configurationSet: { name: 'c1-mail' },
    });
    this.federation = new OutboundFederation(this, 'federation', { mode: 'own' });
  }
}

export class WorkloadStack extends TerraformStack {
  public readonly access: WebIdentityTokenAccess;

  constructor(scope: Construct, id: string, s: ExampleSettings) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: s.region });
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.access = new WebIdentityTokenAccess(this, 'deploy', {
      roleNames: [s.workloadRoleName],
      clientId: s.clientId,
      accountId: s.accountId,
      maxDurationSeconds: 300,
    });
  }
}

export function buildExampleApp(app: App, s: ExampleSettings = EXAMPLE_SETTINGS): { account: AccountStack; workload: WorkloadStack } {
  return { account: new AccountStack(app, 'c1-account', s), workload: new WorkloadStack(app, 'c1-workload', s) };
}

if (require.main === module) {
  const app = new App();
  buildExampleApp(app);
  app.synth();
}
