/**
 * Bench: static check of the example stack (target < 500 ms) and a full live run against both
 * sandboxes (target < 3 s wall). `npx tsx bench/validate.ts [cdktf.out-or-plan.json]`.
 */
import { startDemoScenario } from '../src/validate/demo/scenario';
import { liveChecks } from '../src/validate/live';
import { runChecks } from '../src/validate/run';
import { staticChecks } from '../src/validate/static';
import { loadInput } from '../src/validate/static/inputs';

async function main(): Promise<void> {
  const tStart = performance.now();
  const sc = await startDemoScenario();
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
