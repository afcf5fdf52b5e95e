/** 100,000 calls of a token provider that holds a cached token (target: under 100 ms). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { GetWebIdentityTokenCommandOutput } from '@aws-sdk/client-sts';
import { c1AccessTokenProvider } from '../src/federation/token-provider';

async function main(): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'bench-token', token_type: 'Bearer', expires_in: 1800, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    let stsCalls = 0;
    const provider = c1AccessTokenProvider({
      clientId: 'bench@acme.conductor.one/wfe',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      stsClient: { send: async (): Promise<GetWebIdentityTokenCommandOutput> => ({ WebIdentityToken: `jwt-${++stsCalls}`, $metadata: {} }) },
    });
    await provider(); // warm: one STS call + one exchange
    const N = 100_000;
    for (let i = 0; i < 10_000; i++) await provider(); // JIT warm-up
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await provider();
    const ms = performance.now() - t0;
    console.log(`token-cache: ${N} cached calls in ${ms.toFixed(1)} ms (${((N / ms) * 1000).toFixed(0)} calls/s; target < 100 ms) ${ms < 100 ? 'OK' : 'SLOW'}`);
    console.log(`token-cache: STS calls ${stsCalls} (expected 1)`);
  } finally {
    server.close();
  }
}
void main();
