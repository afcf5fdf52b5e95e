/**
 * Bench: static check of the example stack (target < 500 ms) and a full live run against both
 * sandboxes (target < 3 s wall). `npx tsx bench/validate.ts [cdktf.out-or-plan.json]`.
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
