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
