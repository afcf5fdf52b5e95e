/** Policy evaluations per second for the trust and token documents (numbers reported, not asserted). */
import { performance } from 'node:perf_hooks';
import { C1_SERVICE_ROLE_ARN } from '../src/policy/constants';
import { sesSenderTrustPolicy, webIdentityTokenPolicy } from '../src/policy/documents';
import { EvaluationInput, evaluatePolicies } from '../src/policy/evaluate';

const trustAllow: EvaluationInput = {
  request: {
    principal: 'arn:aws:sts::765656841499:assumed-role/ConductorOneService/c1',
    principalAccount: '765656841499',
    principalRoleArn: C1_SERVICE_ROLE_ARN,
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::123456789012:role/c1-ses-sender',
    context: { 'sts:ExternalId': 'tenant-ext-id-2f9c1a77' },
  },
  resourcePolicy: sesSenderTrustPolicy({ externalId: 'tenant-ext-id-2f9c1a77' }),
  mode: 'resource',
};
const trustDeny: EvaluationInput = { ...trustAllow, request: { ...trustAllow.request, context: {} } };
const token: EvaluationInput = {
  request: {
    principal: 'arn:aws:sts::123456789012:assumed-role/etl/job',
    principalAccount: '123456789012',
    principalRoleArn: 'arn:aws:iam::123456789012:role/etl',
    action: 'sts:GetWebIdentityToken',
    resource: '*',
    context: { 'sts:IdentityTokenAudience': ['acme.conductor.one'], 'sts:DurationSeconds': 300, 'sts:SigningAlgorithm': 'RS256' },
  },
  identityPolicies: [{ name: 'c1-token', document: webIdentityTokenPolicy({ audiences: ['acme.conductor.one', 'acme-staging.conductor.one'] }) }],
};
const tokenDeny: EvaluationInput = { ...token, request: { ...token.request, context: { ...token.request.context, 'sts:IdentityTokenAudience': ['acme.conductor.one', 'evil.example.com'] } } };

function measure(label: string, input: EvaluationInput, expected: string, n: number): void {
  for (let i = 0; i < 5_000; i++) evaluatePolicies(input);
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (evaluatePolicies(input).decision === expected) ok++;
  const ms = performance.now() - t0;
  console.log(`policy-evaluate ${label}: ${n} evaluations in ${ms.toFixed(1)} ms = ${((n / ms) * 1000).toFixed(0)}/s; ${ok === n ? 'all' : `ONLY ${ok}`} ${expected}`);
}

measure('trust (Allow)', trustAllow, 'Allow', 100_000);
measure('trust (no External ID, ImplicitDeny)', trustDeny, 'ImplicitDeny', 100_000);
measure('token (Allow)', token, 'Allow', 100_000);
measure('token (extra audience, ImplicitDeny)', tokenDeny, 'ImplicitDeny', 100_000);

// Conditions with IPv6 networks and a policy variable with a default.
const conditioned: EvaluationInput = {
  request: { ...token.request, action: 'ses:SendEmail', resource: 'arn:aws:ses:us-east-1:123456789012:identity/example.com', context: { 'aws:SourceIp': '2001:db8:1234:5678::9', 'ses:FromAddress': 'noreply@example.com' } },
  identityPolicies: [
    {
      name: 'send',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ses:SendEmail',
            Resource: "arn:aws:ses:us-east-1:123456789012:identity/${aws:PrincipalTag/domain, 'example.com'}",
            Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] }, StringLike: { 'ses:FromAddress': '*@example.com' } },
          },
        ],
      },
    },
  ],
};
measure('IPv6 + variable default (Allow)', conditioned, 'Allow', 100_000);
