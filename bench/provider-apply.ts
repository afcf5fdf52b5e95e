/**
 * One-resource `terraform apply` (a c1_service_principal) through the bundled provider against the
 * local tenant: wall time of the apply command (terraform starts the provider several times in it),
 * median of N applies, each followed by an untimed destroy. Target: < 1.5 s. Also reported: 20 service
 * principals in one apply at terraform's default parallelism (10), and at -parallelism=1.
 * `npx tsx bench/provider-apply.ts [--runs N]` (default 5). Needs terraform on the PATH.
 */
import { loadavg } from 'node:os';
import { startC1Sandbox } from '../src/sandbox/c1';
import { c1ProviderHcl, findTerraform, TF, tfWorkspace } from '../test/provider/harness';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  if (!findTerraform()) {
    console.log('provider-apply: skipped: terraform is not on the PATH');
    return;
  }
  const c1 = await startC1Sandbox();
  const ws = await tfWorkspace('c1-provider-bench-apply');
  try {
    const dir = ws.dir('apply');
    dir.write(`${c1ProviderHcl(c1)}resource "c1_service_principal" "bench" {
  display_name = "bench"
}
`);
    const env = { CONDUCTORONE_ACCESS_TOKEN: c1.adminToken };
    await dir.must(['init', ...TF]);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      await dir.must(['apply', '-auto-approve', ...TF], 0, env);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      await dir.must(['destroy', '-auto-approve', ...TF], 0, env);
    }
    const many = ws.dir('many');
    many.write(`${c1ProviderHcl(c1)}resource "c1_service_principal" "bench" {
  count        = 20
  display_name = "bench-\${count.index}"
}
`);
    await many.must(['init', ...TF]);
    const fleet: Record<string, number[]> = { '10': [], '1': [] };
    for (let i = 0; i < runs; i++) {
      for (const p of ['10', '1']) {
        const t0 = process.hrtime.bigint();
        await many.must(['apply', `-parallelism=${p}`, '-auto-approve', ...TF], 0, env);
        fleet[p]?.push(Number(process.hrtime.bigint() - t0) / 1e6);
        await many.must(['destroy', '-auto-approve', ...TF], 0, env);
      }
    }
    console.log(`provider-apply: 20 service principals in one apply median ${median(fleet['10'] ?? []).toFixed(0)} ms (parallelism 10), ${median(fleet['1'] ?? []).toFixed(0)} ms (parallelism 1)`);
    const m = median(times);
    console.log(
      `provider-apply: one-resource apply median ${m.toFixed(0)} ms over ${runs} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; target < 1500 ms) ${m < 1500 ? 'OK' : 'SLOW'}; load average ${loadavg()[0]?.toFixed(2)}`,
    );
  } finally {
    ws.cleanup();
    await c1.stop();
  }
}

void main();
