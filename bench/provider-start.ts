/**
 * Provider start → handshake line: the bundled provider started as terraform starts it (magic
 * cookie, PLUGIN_CLIENT_CERT), timed until its handshake line arrives; median of N starts, next to
 * bare `node -e 0` on the same machine. Target: < 200 ms median.
 * `npx tsx bench/provider-start.ts [--runs N]` (default 21).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProviderBundle } from '../src/provider/bundle';
import { makeServerCertificate } from '../src/provider/protocol/certificate';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../src/provider/protocol/plugin-server';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;

function timeUntil(args: string[], env: NodeJS.ProcessEnv, handshake: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const done = (): void => resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    if (handshake) {
      child.stdout.once('data', () => {
        done();
        child.kill();
      });
    } else child.on('exit', done);
    child.on('error', reject);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'c1-provider-bench-'));
  try {
    const bundle = await buildProviderBundle({ outfile: join(dir, 'c1-provider.js') });
    const client = makeServerCertificate({ key: generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey });
    const env = { PATH: process.env.PATH, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: client.certPem };
    const provider: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      provider.push(await timeUntil([bundle], env, true));
      bare.push(await timeUntil(['-e', '0'], env, false));
    }
    const p = median(provider);
    console.log(`provider-start: median ${p.toFixed(0)} ms to the handshake line over ${runs} starts (target < 200 ms) ${p < 200 ? 'OK' : 'SLOW'}; bare node median ${median(bare).toFixed(0)} ms; load average ${loadavg()[0]?.toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
