/** Compiled trust evaluations per second (target: over 100,000). */
import { performance } from 'node:perf_hooks';
import { compileTrust, evaluateTrust } from '../src/cel/evaluate';
import { recommendTrustExpression } from '../src/cel/recommend';

const NS = 'https://sts.amazonaws.com/';
const expression = recommendTrustExpression({
  accountId: '123456789012',
  roleArns: ['arn:aws:iam::123456789012:role/etl'],
  orgId: 'o-abc1234567',
  principalTags: { team: 'data' },
});
const claims = {
  iss: 'https://abc.tokens.sts.global.api.aws',
  sub: 'arn:aws:iam::123456789012:role/etl',
  aud: 'acme.conductor.one',
  iat: 1_700_000_000,
  exp: 1_700_000_300,
  jti: 'j1',
  [NS]: { aws_account: '123456789012', source_region: 'us-east-1', org_id: 'o-abc1234567', principal_tags: { team: 'data' } },
};

function measure(label: string, fn: () => boolean, n: number, target = true): void {
  for (let i = 0; i < 5_000; i++) fn();
  const t0 = performance.now();
  let matched = 0;
  for (let i = 0; i < n; i++) if (fn()) matched++;
  const ms = performance.now() - t0;
  const rate = (n / ms) * 1000;
  const verdict = target ? ` (target > 100,000) ${rate > 100_000 ? 'OK' : 'SLOW'}` : ' (informational: bufbuild builds a Timestamp message per call)';
  console.log(`cel-eval ${label}: ${n} evaluations in ${ms.toFixed(1)} ms = ${rate.toFixed(0)}/s${verdict}; matched ${matched}`);
}

const t0 = performance.now();
const compiled = compileTrust(expression);
console.log(`cel-eval: compile ${(performance.now() - t0).toFixed(2)} ms (${Buffer.byteLength(expression)} bytes)`);
measure('compileTrust', () => compiled(claims).matched, 200_000);
measure('evaluateTrust (cache lookup)', () => evaluateTrust(expression, claims).matched, 200_000);

// Compile cost (parse + cel-go-style type check + plan), per distinct expression.
const N_COMPILE = 2_000;
const c0 = performance.now();
for (let i = 0; i < N_COMPILE; i++) compileTrust(`${expression} && int(claims.iat) + ${i} > 0`);
const perCompile = (performance.now() - c0) / N_COMPILE;
console.log(`cel-eval: ${N_COMPILE} distinct compiles, ${perCompile.toFixed(3)} ms each (type check included)`);
const withIat = compileTrust(`${expression} && timestamp(int(claims.iat)) > timestamp("2020-01-01T00:00:00Z")`);
measure('compileTrust with timestamp(int(claims.iat))', () => withIat(claims).matched, 200_000, false);
