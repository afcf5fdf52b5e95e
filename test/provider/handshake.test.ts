/**
 * The provider process as go-plugin sees it: handshake line, AutoMTLS that accepts only the client
 * certificate terraform offered, gRPC status for unknown methods, Shutdown, and the refusal to run
 * without terraform's magic cookie.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { buildProviderBundle } from '../../src/provider/bundle';
import { makeServerCertificate, serialNumber } from '../../src/provider/protocol/certificate';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/provider/protocol/plugin-server';

let root: string;
let bundle: string;

/** A client certificate like terraform's (self-signed, P-521). */
function clientCert(): { certPem: string; keyPem: string } {
  const key = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey;
  const c = makeServerCertificate({ key });
  return { certPem: c.certPem, keyPem: c.keyPem };
}

const offered = clientCert();
const stranger = clientCert();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'c1-provider-handshake-'));
  bundle = await buildProviderBundle({ outfile: join(root, 'c1-provider.js') });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly parts: string[];
  readonly serverPem: string;
  readonly exited: Promise<number | null>;
}

async function start(extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, [bundle], {
    env: { PATH: process.env.PATH, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: offered.certPem, ...extraEnv },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] as string);
    });
    child.on('exit', () => reject(new Error(`provider exited before the handshake: ${out}`)));
  });
  const parts = line.split('|');
  const der = Buffer.from(parts[5] as string, 'base64');
  const serverPem = new X509Certificate(der).toString();
  return { child, parts, serverPem, exited };
}

function session(s: Started, client: { certPem: string; keyPem: string } | undefined): ClientHttp2Session {
  const where = s.parts[3] as string;
  const target = s.parts[2] === 'tcp' ? { host: '127.0.0.1', port: Number(where.split(':')[1]) } : { path: where };
  return connect('https://localhost', {
    createConnection: () =>
      tlsConnect({ ...target, servername: 'localhost', ca: s.serverPem, ALPNProtocols: ['h2'], ...(client ? { cert: client.certPem, key: client.keyPem } : {}) }),
  });
}

function call(sess: ClientHttp2Session, method: string, message: Uint8Array = new Uint8Array(0)): Promise<{ status: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = sess.request({ ':method': 'POST', ':path': method, 'content-type': 'application/grpc', te: 'trailers' });
    const chunks: Buffer[] = [];
    let status: string | undefined;
    req.on('response', (h) => {
      if (h['grpc-status'] !== undefined) status = String(h['grpc-status']);
    });
    req.on('trailers', (t) => {
      status = String(t['grpc-status']);
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => (status === undefined ? reject(new Error('no gRPC status: the connection was refused or closed')) : resolve({ status, body: Buffer.concat(chunks) })));
    req.on('error', reject);
    sess.on('error', reject);
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    req.end(frame);
  });
}

test('handshake, mTLS with the offered certificate, Unimplemented, then Shutdown exits 0', async () => {
  const s = await start();
  try {
    expect(s.parts.slice(0, 3)).toEqual(['1', '6', 'unix']);
    expect(s.parts[4]).toBe('grpc');
    expect(s.parts[5]).not.toMatch(/=/); // base64 without padding
    const cert = new X509Certificate(Buffer.from(s.parts[5] as string, 'base64'));
    expect(cert.checkHost('localhost')).toBe('localhost');

    const ok = session(s, offered);
    const schema = await call(ok, '/tfplugin6.Provider/GetProviderSchema');
    expect(schema.status).toBe('0');
    for (const name of ['c1_email_provider', 'c1_service_principal', 'c1_workload_federation_provider', 'c1_workload_federation_trust', 'c1_aws_external_id']) {
      expect(schema.body.includes(Buffer.from(name))).toBe(true);
    }
    expect((await call(ok, '/tfplugin6.Provider/NoSuchMethod')).status).toBe('12');
    expect((await call(ok, '/plugin.GRPCController/Shutdown')).status).toBe('0');
    ok.destroy();
    expect(await s.exited).toBe(0);
  } finally {
    s.child.kill();
  }
});

test('a client presenting a certificate terraform did not offer, or none, is refused', async () => {
  const s = await start();
  try {
    await expect(call(session(s, stranger), '/tfplugin6.Provider/GetProviderSchema')).rejects.toThrow();
    await expect(call(session(s, undefined), '/tfplugin6.Provider/GetProviderSchema')).rejects.toThrow();
    // The offered one still works afterwards.
    const ok = session(s, offered);
    expect((await call(ok, '/tfplugin6.Provider/GetMetadata')).status).toBe('0');
    ok.destroy();
  } finally {
    s.child.kill();
  }
});

test('a unix socket path too long for the platform falls back to tcp on loopback', async () => {
  const s = await start({ PLUGIN_UNIX_SOCKET_DIR: join(root, 'd'.repeat(120)) });
  try {
    expect(s.parts[2]).toBe('tcp');
    expect(s.parts[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    const ok = session(s, offered);
    expect((await call(ok, '/tfplugin6.Provider/GetMetadata')).status).toBe('0');
    ok.destroy();
  } finally {
    s.child.kill();
  }
});

test('without the magic cookie: a human message on stderr, nothing on stdout, exit 1', async () => {
  const child = spawn(process.execPath, [bundle], { env: { PATH: process.env.PATH } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err).toContain('It is a Terraform plugin: terraform starts it');
});

test('the provider exits by itself when terraform (its parent) goes away', async () => {
  // A parent shell that starts the provider and exits a second later: the provider is orphaned.
  const env = { PATH: process.env.PATH, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_CLIENT_CERT: offered.certPem, NODE: process.execPath, BUNDLE: bundle };
  const parent = spawn('sh', ['-c', '"$NODE" "$BUNDLE" >/dev/null 2>&1 & echo $!; sleep 1'], { env });
  const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))));
  expect(pid).toBeGreaterThan(0);
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 10_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const stillAlive = alive();
  if (stillAlive) process.kill(pid, 'SIGKILL');
  expect(stillAlive).toBe(false);
});

test('certificate serial numbers are positive and minimal even when the random first byte is 0', () => {
  const der = serialNumber(Buffer.alloc(16, 0));
  expect(der[0]).toBe(0x02);
  expect(der[1]).toBe(16);
  expect(der[2]).toBeGreaterThanOrEqual(0x40);
  expect(der[2]).toBeLessThanOrEqual(0x7f);
  const high = serialNumber(Buffer.alloc(16, 0xff));
  expect(high[2]).toBeLessThanOrEqual(0x7f);
});
