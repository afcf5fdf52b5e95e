/** Bench: AWS sandbox start-to-ready time (target < 300 ms) and 1,000 sequential GetCallerIdentity via the SDK (target < 3 s). */
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startAwsSandbox } from '../src/sandbox/aws';

async function main(): Promise<void> {
  const t0 = performance.now();
  const sb = await startAwsSandbox();
  const startMs = performance.now() - t0;
  const sts = new STSClient(sb.sdkConfig());
  await sts.send(new GetCallerIdentityCommand({})); // warm-up (SDK lazy init)
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) await sts.send(new GetCallerIdentityCommand({}));
  const callsMs = performance.now() - t1;
  sts.destroy();
  await sb.stop();
  console.log(`sandbox-aws start-to-ready: ${startMs.toFixed(1)} ms (target < 300 ms) ${startMs < 300 ? 'OK' : 'OVER'}`);
  console.log(`sandbox-aws 1000 x GetCallerIdentity: ${callsMs.toFixed(0)} ms (target < 3000 ms) ${callsMs < 3000 ? 'OK' : 'OVER'}`);
}

void main();
