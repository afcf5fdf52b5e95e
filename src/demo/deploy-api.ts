/**
 * Deploy the example integration into an AWS account through its APIs (used by the demo against the
 * local sandbox when terraform is not available): the same documents from src/policy that the
 * constructs synthesize. Returns what was created, also as a static input (like `terraform show
 * -json` of the resulting state) so the static checks read exactly what was deployed.
 */
import { CreateRoleCommand, EnableOutboundWebIdentityFederationCommand, GetOutboundWebIdentityFederationInfoCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client, type Change } from '@aws-sdk/client-route-53';
import { CreateConfigurationSetCommand, CreateEmailIdentityCommand, PutEmailIdentityMailFromAttributesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { recommendTrustExpression } from '../cel/recommend';
import { DEFAULT_DKIM_TARGET } from '../policy/constants';
import { sesSendPolicy, sesSenderTrustPolicy, webIdentityTokenPolicy } from '../policy/documents';
import { AwsCredentials } from '../validate/live/context';
import { StaticInput, StackResource } from '../validate/static/inputs';

export interface DemoSetup {
  readonly domain: string;
  readonly mailFromDomain: string;
  readonly configurationSet: string;
  readonly roleName: string;
  readonly sendPolicyName: string;
  readonly workloadRoleName: string;
  readonly tenantHost: string;
  readonly externalId: string;
}

export interface AwsTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly admin: AwsCredentials;
}

export interface Deployed {
  readonly roleArn: string;
  readonly workloadRoleArn: string;
  readonly issuer: string;
  readonly trustExpression: string;
  readonly workloadCredentials: AwsCredentials;
  /** The deployed resources, for the static checks. */
  readonly state: StaticInput;
  /** Set when the deploy configured C1 too (terraform with the c1 provider): the trust it created. */
  readonly c1?: { readonly clientId: string; readonly servicePrincipalId: string };
}

function cfg(t: AwsTarget, credentials: AwsCredentials = t.admin): { region: string; endpoint: string; credentials: AwsCredentials } {
  return { region: t.region, endpoint: t.endpoint, credentials };
}

/** The account-wide federation switch (on once, through the IAM API; already on is fine): returns the issuer. */
export async function enableFederation(t: AwsTarget): Promise<string> {
  const iam = new IAMClient(cfg(t));
  try {
    return (await iam.send(new EnableOutboundWebIdentityFederationCommand({}))).IssuerIdentifier ?? '';
  } catch (err: unknown) {
    if ((err as { name?: string }).name !== 'FeatureEnabled' && (err as { name?: string }).name !== 'FeatureEnabledException') throw err;
    return (await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}))).IssuerIdentifier ?? '';
  }
}

/** A session of the workload role: the credentials a deploy job would run with. */
export async function assumeWorkload(t: AwsTarget, workloadRoleArn: string): Promise<AwsCredentials> {
  const session = await new STSClient(cfg(t)).send(new AssumeRoleCommand({ RoleArn: workloadRoleArn, RoleSessionName: 'deploy-job', DurationSeconds: 900 }));
  const c = session.Credentials;
  return { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', ...(c?.SessionToken ? { sessionToken: c.SessionToken } : {}) };
}

/** The federation switch, then a session of the workload role. */
export async function enableFederationAndAssumeWorkload(t: AwsTarget, workloadRoleArn: string): Promise<{ issuer: string; workloadCredentials: AwsCredentials }> {
  const issuer = await enableFederation(t);
  return { issuer, workloadCredentials: await assumeWorkload(t, workloadRoleArn) };
}

export async function deployThroughApis(t: AwsTarget, s: DemoSetup): Promise<Deployed> {
  const ses = new SESv2Client(cfg(t));
  const iam = new IAMClient(cfg(t));
  const r53 = new Route53Client(cfg(t));
  const acct = t.accountId;
  const identityArn = `arn:aws:ses:${t.region}:${acct}:identity/${s.domain}`;
  const configSetArn = `arn:aws:ses:${t.region}:${acct}:configuration-set/${s.configurationSet}`;
  const roleArn = `arn:aws:iam::${acct}:role/${s.roleName}`;
  const workloadRoleArn = `arn:aws:iam::${acct}:role/${s.workloadRoleName}`;
  const trust = sesSenderTrustPolicy({ externalId: s.externalId });
  const send = sesSendPolicy({ identityArns: [identityArn], configurationSetArns: [configSetArn] });
  const token = webIdentityTokenPolicy({ audiences: [s.tenantHost] });
  const workloadTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' }] };

  // SES identity + configuration set + MAIL FROM, and the IAM roles: independent, so at once.
  const [identity] = await Promise.all([
    ses.send(new CreateEmailIdentityCommand({ EmailIdentity: s.domain, DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' } })),
    ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: s.configurationSet })),
    (async (): Promise<void> => {
      await iam.send(new CreateRoleCommand({ RoleName: s.roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: s.roleName, PolicyName: s.sendPolicyName, PolicyDocument: JSON.stringify(send) }));
    })(),
    (async (): Promise<void> => {
      await iam.send(new CreateRoleCommand({ RoleName: s.workloadRoleName, AssumeRolePolicyDocument: JSON.stringify(workloadTrust) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: s.workloadRoleName, PolicyName: 'c1-web-identity-token', PolicyDocument: JSON.stringify(token) }));
    })(),
  ]);
  await ses.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: s.domain, MailFromDomain: s.mailFromDomain, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' }));
  const tokens = identity.DkimAttributes?.Tokens ?? [];

  // DNS: the three DKIM CNAMEs, MAIL FROM MX + SPF, DMARC.
  const records: { name: string; type: 'CNAME' | 'MX' | 'TXT'; value: string }[] = [
    ...tokens.map((tk) => ({ name: `${tk}._domainkey.${s.domain}`, type: 'CNAME' as const, value: `${tk}.${DEFAULT_DKIM_TARGET}` })),
    { name: s.mailFromDomain, type: 'MX', value: `10 feedback-smtp.${t.region}.amazonses.com` },
    { name: s.mailFromDomain, type: 'TXT', value: 'v=spf1 include:amazonses.com ~all' },
    { name: `_dmarc.${s.domain}`, type: 'TXT', value: 'v=DMARC1; p=none' },
  ];
  const zone = await r53.send(new CreateHostedZoneCommand({ Name: s.domain, CallerReference: `c1-demo-${Date.now()}` }));
  const zoneId = (zone.HostedZone?.Id ?? '').replace(/^\/hostedzone\//, '');
  const changes: Change[] = records.map((r) => ({
    Action: 'UPSERT',
    ResourceRecordSet: { Name: r.name, Type: r.type, TTL: 300, ResourceRecords: [{ Value: r.type === 'TXT' ? `"${r.value}"` : r.value }] },
  }));
  await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));

  const { issuer, workloadCredentials } = await enableFederationAndAssumeWorkload(t, workloadRoleArn);
  const trustExpression = recommendTrustExpression({ accountId: acct, roleArns: [workloadRoleArn] });

  const res = (type: string, name: string, values: Record<string, unknown>): StackResource => ({ address: `${type}.${name}`, type, name, stack: 'deployed', values, count: 1 });
  const state: StaticInput = {
    kind: 'plan',
    source: `the sandbox account ${acct} (deployed through its APIs)`,
    region: t.region,
    outputs: { trust_expression: trustExpression },
    resources: [
      res('aws_sesv2_email_identity', 'identity', { email_identity: s.domain, arn: identityArn }),
      res('aws_sesv2_configuration_set', 'cs', { configuration_set_name: s.configurationSet, arn: configSetArn }),
      res('aws_sesv2_email_identity_mail_from_attributes', 'mf', { email_identity: s.domain, mail_from_domain: s.mailFromDomain }),
      res('aws_iam_role', 'c1', { name: s.roleName, arn: roleArn, assume_role_policy: JSON.stringify(trust) }),
      res('aws_iam_role_policy', 'send', { name: s.sendPolicyName, role: s.roleName, policy: JSON.stringify(send) }),
      res('aws_iam_role', 'workload', { name: s.workloadRoleName, arn: workloadRoleArn, assume_role_policy: JSON.stringify(workloadTrust) }),
      res('aws_iam_role_policy', 'token', { name: 'c1-web-identity-token', role: s.workloadRoleName, policy: JSON.stringify(token) }),
      ...records.map((r, i) => res('aws_route53_record', `r${i}`, { name: r.name, type: r.type, records: [r.value], zone_id: zoneId })),
    ],
  };
  return { roleArn, workloadRoleArn, issuer, trustExpression, workloadCredentials, state };
}
