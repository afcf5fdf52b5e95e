/**
 * Bench: static checks of a stack with 50,000 roles, each with its trust and send policy, read from a
 * file (target < 5 s: role-to-policy matching is indexed, not quadratic); static check of the example
 * stack (target < 500 ms) and a full live run against both sandboxes (target < 3 s wall).
 * `npx tsx bench/validate.ts [cdktf.out-or-plan.json]`.
 */
import { startDemoScenario } from '../src/demo/scenario';
import { liveChecks } from '../src/validate/live';
import { runChecks } from '../src/validate/run';
import { staticChecks } from '../src/validate/static';
import { loadInput } from '../src/validate/static/inputs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { EXAMPLE_SETTINGS, buildExampleApp } from '../examples/app/main';
import { sesSendPolicy, sesSenderTrustPolicy } from '../src/policy/documents';

/** A cdktf stack with `n` C1 roles, each with its own inline send policy (identical or distinct trusts). */
function manyRoles(n: number, distinctTrusts: boolean): Record<string, unknown> {
  const roles: Record<string, unknown> = {};
  const policies: Record<string, unknown> = {};
  const send = JSON.stringify(sesSendPolicy({ identityArns: ['arn:aws:ses:us-east-1:111122223333:identity/example.com'] }));
  const shared = JSON.stringify(sesSenderTrustPolicy({ externalId: 'c1-ext-0123456789abcdef' }));
  for (let i = 0; i < n; i++) {
    roles[`role_${i}`] = { name: `c1-ses-sender-${i}`, assume_role_policy: distinctTrusts ? JSON.stringify(sesSenderTrustPolicy({ externalId: `c1-ext-${i.toString(16).padStart(8, '0')}` })) : shared };
    policies[`send_${i}`] = { name: 'c1-ses-send', role: `\${aws_iam_role.role_${i}.name}`, policy: send };
  }
  return { provider: { aws: [{ region: 'us-east-1' }] }, resource: { aws_iam_role: roles, aws_iam_role_policy: policies } };
}

/** Load + every static check of a 50,000-role stack file (target < 5 s). */
async function benchManyRoles(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-bench-roles-'));
  try {
    for (const [n, distinct] of [[4000, false], [50_000, false], [50_000, true]] as const) {
      const file = path.join(dir, `roles-${n}-${distinct}.json`);
      fs.writeFileSync(file, JSON.stringify(manyRoles(n, distinct)));
      const t = performance.now();
      const input = loadInput(file);
      const tl = performance.now() - t;
      const rs = await runChecks(staticChecks(input, {}));
      const total = performance.now() - t;
      const bad = rs.filter((r) => r.status === 'fail').map((r) => r.id);
      console.log(`${n} roles (${distinct ? 'distinct' : 'one shared'} trust, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB): ${total.toFixed(0)} ms (load ${tl.toFixed(0)} ms; ${rs.map((r) => `${r.id} ${r.durationMs.toFixed(0)} ms`).join(', ')})${bad.length ? ` FAILED ${bad.join(',')}` : ''} (target < 5000 ms for 50,000)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Static checks of the example app as cdktf synthesizes it (load cdktf.out + every check). */
async function benchSynthesized(): Promise<void> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-bench-synth-'));
  try {
    const ts = performance.now();
    const app = new App({ outdir });
    buildExampleApp(app, { ...EXAMPLE_SETTINGS, hostedZoneId: 'Z0123456789ABC', accountId: '111122223333' });
    app.synth();
    const synthMs = performance.now() - ts;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await runChecks(staticChecks(loadInput(outdir), { externalId: EXAMPLE_SETTINGS.externalId }));
      times.push(performance.now() - t);
    }
    const first = times[0];
    times.sort((a, b) => a - b);
    console.log(`static checks of the synthesized example app (cdktf.out, 2 stacks; synth ${synthMs.toFixed(0)} ms): first ${first.toFixed(1)} ms, median ${times[10].toFixed(2)} ms (target < 500 ms)`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await benchManyRoles();
  await benchSynthesized();
  const tStart = performance.now();
  const sc = await startDemoScenario(undefined, { deploy: 'api' });
  const setupMs = performance.now() - tStart;
  try {
    const arg = process.argv[2];
    const times: number[] = [];
    let firstMs = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const input = arg ? loadInput(arg) : sc.deployed.state;
      await runChecks(staticChecks(input, sc.staticOptions));
      const d = performance.now() - t;
      if (i === 0) firstMs = d;
      times.push(d);
    }
    times.sort((a, b) => a - b);
    console.log(`static checks of ${arg ?? 'the example stack (as deployed)'}: first ${firstMs.toFixed(1)} ms, median ${times[10].toFixed(2)} ms (target < 500 ms)`);

    const live: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const rs = await runChecks([...staticChecks(sc.deployed.state, sc.staticOptions), ...liveChecks(sc.live)], { concurrent: true });
      live.push(performance.now() - t);
      const failed = rs.filter((r) => r.status === 'fail').map((r) => r.id);
      if (failed.length > 0) console.log(`  run ${i}: failed checks ${failed.join(', ')}`);
    }
    live.sort((a, b) => a - b);
    console.log(`full static + live run against the sandboxes: min ${live[0].toFixed(0)} ms, median ${live[2].toFixed(0)} ms, max ${live[4].toFixed(0)} ms wall (target < 3000 ms)`);
    console.log(`scenario setup (both sandboxes + deploy + C1 config): ${setupMs.toFixed(0)} ms`);
  } finally {
    await sc.stop();
  }
}

void main();
