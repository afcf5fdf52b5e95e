/**
 * Bench: AWS sandbox start-to-ready time (target < 300 ms); 1,000 sequential GetCallerIdentity via
 * the SDK (target < 3 s); 500 SES sends by a role session with a permissions boundary and a session
 * policy, i.e. three evaluator layers per decision (target < 3 s); memory held while a 64 MiB body
 * is streamed at a 1 MiB limit (target: < 8 MiB heap growth — the body is cut off, not buffered).
 */
import { request as httpRequest } from 'node:http';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { IAMClient, CreateRoleCommand, PutRolePolicyCommand, CreatePolicyCommand } from '@aws-sdk/client-iam';
import { SESv2Client, CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startAwsSandbox, type AwsSandbox } from '../src/sandbox/aws';
import { sesSenderTrustPolicy } from '../src/policy/documents';

const SEND = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }] };

async function layeredSends(sb: AwsSandbox, n: number): Promise<number> {
  const iam = new IAMClient(sb.sdkConfig());
  const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'bench-boundary', PolicyDocument: JSON.stringify(SEND) }))).Policy?.Arn ?? '';
  await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: 'bench-external-id' })), PermissionsBoundary: boundary }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench', PolicyName: 'send', PolicyDocument: JSON.stringify(SEND) }));
  await new SESv2Client(sb.sdkConfig()).send(new CreateEmailIdentityCommand({ EmailIdentity: 'bench.example.test' }));
  const c1 = new STSClient(sb.sdkConfig(sb.credentials.c1Service));
  const r = await c1.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${sb.accountId}:role/bench`, RoleSessionName: 'bench', ExternalId: 'bench-external-id', Policy: JSON.stringify(SEND) }));
  const ses = new SESv2Client(sb.sdkConfig({ accessKeyId: r.Credentials?.AccessKeyId ?? '', secretAccessKey: r.Credentials?.SecretAccessKey ?? '', sessionToken: r.Credentials?.SessionToken ?? '' }));
  const mail = new SendEmailCommand({ FromEmailAddress: 'a@bench.example.test', Destination: { ToAddresses: ['b@corp.test'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } } });
  await ses.send(mail);
  const t = performance.now();
  for (let i = 0; i < n; i++) await ses.send(mail);
  const ms = performance.now() - t;
  for (const c of [iam, c1, ses]) c.destroy();
  return ms;
}

/** Stream `total` bytes chunked at a sandbox with a 1 MiB limit; returns heap growth in bytes. */
async function streamedBodyHeap(total: number): Promise<{ status: number; heapGrowth: number }> {
  const sb = await startAwsSandbox({ maxRequestBodyBytes: 1024 * 1024 });
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const u = new URL(sb.endpoint);
  let peak = before;
  const status = await new Promise<number>((resolve) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { 'transfer-encoding': 'chunked', authorization: `AWS4-HMAC-SHA256 Credential=${sb.credentials.admin.accessKeyId}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(-1));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  await sb.stop();
  return { status, heapGrowth: peak - before };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const sb = await startAwsSandbox({ autoVerifyDomains: true, sesProductionAccess: true });
  const startMs = performance.now() - t0;
  const sts = new STSClient(sb.sdkConfig());
  await sts.send(new GetCallerIdentityCommand({})); // warm-up (SDK lazy init)
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) await sts.send(new GetCallerIdentityCommand({}));
  const callsMs = performance.now() - t1;
  sts.destroy();
  const sendsMs = await layeredSends(sb, 500);
  await sb.stop();
  const stream = await streamedBodyHeap(64 * 1024 * 1024);
  const mib = stream.heapGrowth / 1024 / 1024;
  console.log(`sandbox-aws start-to-ready: ${startMs.toFixed(1)} ms (target < 300 ms) ${startMs < 300 ? 'OK' : 'OVER'}`);
  console.log(`sandbox-aws 1000 x GetCallerIdentity: ${callsMs.toFixed(0)} ms (target < 3000 ms) ${callsMs < 3000 ? 'OK' : 'OVER'}`);
  console.log(`sandbox-aws 500 x SendEmail (identity ∩ boundary ∩ session policy): ${sendsMs.toFixed(0)} ms (target < 3000 ms) ${sendsMs < 3000 ? 'OK' : 'OVER'}`);
  console.log(`sandbox-aws 64 MiB streamed at a 1 MiB limit: HTTP ${stream.status}, heap growth ${mib.toFixed(1)} MiB (target < 8 MiB) ${stream.status === 413 && mib < 8 ? 'OK' : 'OVER'}`);
}

void main();
