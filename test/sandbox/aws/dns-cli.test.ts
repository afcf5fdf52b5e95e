import { connect } from 'node:net';
import { Route53Client, CreateHostedZoneCommand, ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { startAwsSandbox, type AwsSandbox } from '../../../src/sandbox/aws';
import { describeSandbox } from '../../../src/cli/commands/sandbox';

let sb: AwsSandbox;
beforeAll(async () => {
  sb = await startAwsSandbox({ autoVerifyDomains: true });
  const r53 = new Route53Client(sb.sdkConfig());
  const z = await r53.send(new CreateHostedZoneCommand({ Name: 'tcp.example.test', CallerReference: 'tcp' }));
  await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: z.HostedZone?.Id, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: '_dmarc.tcp.example.test', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v=DMARC1; p=none"' }] } }] } }));
  r53.destroy();
});
afterAll(async () => {
  await sb.stop();
});

function query(name: string, type: number): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const tail = Buffer.from([0, 0, type, 0, 1]);
  return Buffer.concat([header, ...labels, tail]);
}

it('answers DNS over TCP (length-prefixed) with the TXT record', async () => {
  const q = query('_dmarc.tcp.example.test', 16);
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const s = connect(sb.dns.port, sb.dns.host, () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(q.length);
      s.write(Buffer.concat([len, q]));
    });
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        s.end();
        resolve(buf.subarray(2));
      }
    });
    s.on('error', reject);
  });
  expect(reply.readUInt16BE(0)).toBe(0x1234);
  expect(reply.readUInt16BE(2) & 0x000f).toBe(0); // NOERROR
  expect(reply.readUInt16BE(6)).toBe(1); // one answer
  expect(reply.toString('latin1')).toContain('v=DMARC1; p=none');
});

it('the CLI banner carries the endpoint, DNS address and a complete provider block', () => {
  const text = describeSandbox(sb);
  expect(text).toContain(`AWS_ENDPOINT_URL=${sb.endpoint}`);
  expect(text).toContain(`${sb.dns.host}:${sb.dns.port}`);
  expect(text).toContain(sb.terraformProviderHcl());
  for (const svc of ['iam', 'sts', 'sesv2', 'route53']) expect(sb.terraformProviderHcl()).toMatch(new RegExp(`\\n\\s+${svc}\\s+= "${sb.endpoint}"`));
});
