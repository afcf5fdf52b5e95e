/**
 * The demo scenario, shared by `c1-aws demo`, the live tests and the bench: both sandboxes started,
 * the example integration deployed into the local AWS account, C1 configured (federation provider,
 * trust, email provider), and the options that point `validate` at all of it.
 */
import { C1ApiClient } from '../c1/api-client';
import { EmailProvider } from '../c1/email-provider';
import { AWS_IAM_OUTBOUND_PROVIDER, FederationProviders } from '../c1/federation-providers';
import { FederationTrusts } from '../c1/federation-trusts';
import { DEFAULT_ROLE_NAME, DEFAULT_SEND_POLICY_NAME } from '../policy/constants';
import type { AwsSandbox } from '../sandbox/aws';
import type { C1Sandbox } from '../sandbox/c1';
import { LiveOptions } from '../validate/live/context';
import { StaticOptions } from '../validate/static';
import { AwsTarget, Deployed, DemoSetup, deployThroughApis } from './deploy-api';
import { deployWithTerraform } from './deploy-terraform';
import { terraformAvailability } from './terraform';

/** How the demo deploys: terraform when available (`auto`), or always through the sandbox's AWS APIs. */
export type DeployMode = 'auto' | 'api' | 'terraform';

export interface Deployment {
  readonly path: 'terraform' | 'api';
  /** Why this path ran (and, for terraform, what was done outside it). */
  readonly reason: string;
  readonly timings: readonly string[];
}

export interface DemoScenarioOptions {
  /** @default 'auto' */
  readonly deploy?: DeployMode;
  /** Parent of the demo's temp dirs. @default os.tmpdir() */
  readonly tmpDir?: string;
  /** Internal: why an `api` run replaces a failed terraform attempt. */
  readonly fallbackReason?: string;
}

/** Terraform failed part-way in `auto` mode: the sandboxes are restarted clean for the API deploy. */
class TerraformFallback extends Error {}

export interface DemoScenario {
  readonly aws: AwsSandbox;
  readonly c1: C1Sandbox;
  readonly setup: DemoSetup;
  readonly deployed: Deployed;
  readonly deployment: Deployment;
  readonly clientId: string;
  readonly from: string;
  readonly replyTo: string;
  readonly to: string;
  /** `validate` options for static and live checks of this scenario. */
  readonly staticOptions: StaticOptions;
  readonly live: LiveOptions;
  /** Values never to print (admin token, secret keys). */
  readonly secrets: readonly string[];
  stop(): Promise<void>;
}

async function deploy(aws: AwsSandbox, c1: C1Sandbox, setup: DemoSetup, mode: DeployMode, options: DemoScenarioOptions, log: (s: string) => void): Promise<{ deployed: Deployed; deployment: Deployment }> {
  const fallbackReason = options.fallbackReason;
  const t: AwsTarget = { endpoint: aws.endpoint, region: aws.region, accountId: aws.accountId, admin: aws.credentials.admin };
  const timings: string[] = [];
  let why: string;
  if (mode === 'api') why = fallbackReason ?? 'the API path was asked for';
  else {
    const tf = terraformAvailability();
    if (!tf.available || !tf.mirror) {
      if (mode === 'terraform') throw new Error(`the terraform deploy was asked for, but ${tf.reason}`);
      why = tf.reason;
    } else {
      try {
        const t0 = performance.now();
        const deployed = await deployWithTerraform(t, setup, {
          mirror: tf.mirror,
          providerHcl: aws.terraformProviderHcl(),
          c1: { baseUrl: c1.baseUrl, tenantHost: c1.tenantHost, adminToken: c1.adminToken },
          secrets: [aws.credentials.admin.secretAccessKey, aws.credentials.admin.accessKeyId],
          log: (l) => timings.push(l),
          progress: log,
          ...(options.tmpDir ? { tmpDir: options.tmpDir } : {}),
        });
        timings.push(`terraform deploy total: ${Math.round(performance.now() - t0)} ms`);
        const reason =
          `one terraform apply of examples/both-sides wired both sides: aws (hashicorp/aws from ${tf.mirror}) and c1 (terraform.local/c1-aws/c1) providers, ` +
          'the External ID read from C1 by the c1_aws_external_id data source, the role, the email provider (C1 assumed the role while saving it), the federation provider and the trust. ' +
          'The federation switch (modules/c1-outbound-federation) needs hashicorp/aws >= 6.26.0, which the mirror does not have, so outbound federation was enabled through the IAM API before the apply';
        return { deployed, deployment: { path: 'terraform', reason, timings } };
      } catch (err) {
        if (mode === 'terraform') throw err;
        throw new TerraformFallback(`terraform failed (${(err as Error).message}); fell back to the API deploy in fresh sandboxes`);
      }
    }
  }
  const t0 = performance.now();
  // A terraform attempt may have created part of the resources: the API deploy needs a clean account.
  const deployed = await deployThroughApis(t, setup);
  timings.push(`API deploy: ${Math.round(performance.now() - t0)} ms`);
  return { deployed, deployment: { path: 'api', reason: `through the sandbox's AWS APIs with the documents from src/policy (not with terraform: ${why})`, timings } };
}

export async function startDemoScenario(log: (s: string) => void = () => undefined, options: DemoScenarioOptions = {}): Promise<DemoScenario> {
  // Loaded lazily: commands other than demo must not load (or depend on) the sandboxes.
  const { startAwsSandbox } = await import('../sandbox/aws');
  const { startC1Sandbox } = await import('../sandbox/c1');
  const mode = options.deploy ?? 'auto';
  // Terraform's provider sleeps 10-30 s per Route 53 change when ChangeInfo is returned: leave it out.
  const aws = await startAwsSandbox({ route53OmitChangeInfo: mode !== 'api' });
  let c1: C1Sandbox | undefined;
  try {
    c1 = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
    log(`local AWS account ${aws.accountId} (${aws.region}) at ${aws.endpoint}; local C1 tenant ${c1.tenantHost} at ${c1.baseUrl}`);
    const setup: DemoSetup = {
      domain: 'example.com',
      mailFromDomain: 'mail.example.com',
      configurationSet: 'c1-mail',
      roleName: DEFAULT_ROLE_NAME,
      sendPolicyName: DEFAULT_SEND_POLICY_NAME,
      workloadRoleName: 'deploy',
      tenantHost: c1.tenantHost,
      externalId: c1.externalId,
    };
    const { deployed, deployment } = await deploy(aws, c1, setup, mode, options, log);
    aws.setSesProductionAccess(true);
    log(`deployed: role ${deployed.roleArn}, identity ${setup.domain} (3 DKIM CNAMEs, MAIL FROM ${setup.mailFromDomain}, DMARC), configuration set ${setup.configurationSet}, workload role ${deployed.workloadRoleArn}, federation issuer ${deployed.issuer}`);

    const from = `governance@${setup.domain}`;
    const replyTo = `it@${setup.domain}`;
    let clientId: string;
    let servicePrincipalId: string;
    if (deployed.c1) {
      ({ clientId, servicePrincipalId } = deployed.c1);
      log(`C1 configured by the same apply: workload federation provider for the issuer, trust ${clientId}, email provider saved (C1 assumed the role with the External ID)`);
    } else {
      const admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1?.adminToken ?? '' });
      const provider = await new FederationProviders(admin).create({ displayName: 'AWS (local sandbox)', issuerUrl: deployed.issuer, wellKnownProvider: AWS_IAM_OUTBOUND_PROVIDER, oidc: {} });
      servicePrincipalId = c1.defaultServicePrincipalId;
      const trust = await new FederationTrusts(admin).create(servicePrincipalId, { providerId: provider.id, conditionExpression: deployed.trustExpression });
      clientId = trust.clientId;
      await new EmailProvider(admin).save({ fromName: 'Acme Governance', fromAddress: from, replyToAddress: replyTo, awsSes: { roleArn: deployed.roleArn, region: aws.region, configurationSetName: setup.configurationSet } });
      log(`C1 configured through its API: workload federation provider for the issuer, trust ${clientId}, email provider saved (C1 assumed the role with the External ID)`);
    }
    const to = 'alice@example.org';
    const c = c1;
    return {
      aws,
      c1: c,
      setup,
      deployed,
      deployment,
      clientId,
      from,
      replyTo,
      to,
      staticOptions: { externalId: c.externalId, region: aws.region, configurationSet: setup.configurationSet, roleName: setup.roleName, trustExpression: deployed.trustExpression },
      live: {
        region: aws.region,
        endpointUrl: aws.endpoint,
        credentials: aws.credentials.admin,
        c1ServiceCredentials: aws.credentials.c1Service,
        workloadCredentials: deployed.workloadCredentials,
        timeoutMs: 3000,
        retries: 2,
        roleArn: deployed.roleArn,
        externalId: c.externalId,
        from,
        fromName: 'Acme Governance',
        replyTo,
        to,
        configurationSet: setup.configurationSet,
        dnsServer: `${aws.dns.host}:${aws.dns.port}`,
        dnsTimeoutMs: 1000,
        clientId,
        c1BaseUrl: c.baseUrl,
        c1AdminToken: c.adminToken,
        servicePrincipalId,
      },
      secrets: [c.adminToken, aws.credentials.admin.secretAccessKey, aws.credentials.c1Service.secretAccessKey],
      stop: async () => {
        await Promise.all([c.stop(), aws.stop()]);
      },
    };
  } catch (err) {
    await Promise.all([c1?.stop(), aws.stop()]);
    if (err instanceof TerraformFallback) {
      log(err.message);
      return startDemoScenario(log, { ...options, deploy: 'api', fallbackReason: err.message });
    }
    throw err;
  }
}
