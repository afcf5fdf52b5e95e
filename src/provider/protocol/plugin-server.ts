/**
 * go-plugin's side of a provider process: the magic-cookie check, AutoMTLS (a fresh server
 * certificate; only the client certificate terraform passed in PLUGIN_CLIENT_CERT is accepted),
 * the gRPC server on a unix socket (tcp 127.0.0.1 on Windows), the handshake line on stdout, and
 * exiting when terraform goes away. stdout carries only the handshake line.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createSecureServer, createServer, type Http2SecureServer, type Http2Server, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { makeServerCertificate, pemToDer } from './certificate';
import { serveStream, type UnaryHandler } from './grpc-server';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** go-plugin's core protocol version (first field of the handshake). */
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

export const NOT_FROM_TERRAFORM_MESSAGE = `This program is the C1 Terraform provider (terraform.local/c1-aws/c1). It is a Terraform plugin: terraform starts it, you do not run it by hand.

Install it with \`c1-aws provider install\` and use it from a Terraform configuration:

  terraform {
    required_providers {
      c1 = { source = "terraform.local/c1-aws/c1" }
    }
  }
`;

export class PluginStartError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
  ) {
    super(message);
    this.name = 'PluginStartError';
  }
}

export interface PluginServerOptions {
  readonly methods: ReadonlyMap<string, UnaryHandler>;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the handshake line goes (default process.stdout). */
  readonly writeHandshake?: (line: string) => void;
  readonly log?: (message: string) => void;
}

export interface PluginServer {
  /** `unix|/path` or `tcp|127.0.0.1:port`. */
  readonly address: string;
  /** The handshake line printed. */
  readonly handshake: string;
  /** DER of the server certificate (empty without AutoMTLS). */
  readonly certificateDer: Buffer;
  close(): Promise<void>;
}

/** Check the environment terraform sets; throws PluginStartError (exit 1) when not started by terraform. */
export function checkLaunchedByTerraform(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) throw new PluginStartError(NOT_FROM_TERRAFORM_MESSAGE, 1);
  const versions = env.PLUGIN_PROTOCOL_VERSIONS;
  if (versions && !versions.split(',').map((v) => v.trim()).includes(String(APP_PROTOCOL_VERSION))) {
    throw new PluginStartError(
      `This provider speaks plugin protocol ${APP_PROTOCOL_VERSION} only; this terraform offers ${versions}. Use terraform 1.0 or later.\n`,
      1,
    );
  }
}

/** Start serving; resolves once the handshake line has been written. */
export async function startPluginServer(options: PluginServerOptions): Promise<PluginServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((): void => undefined);
  checkLaunchedByTerraform(env);

  const clientPem = env.PLUGIN_CLIENT_CERT;
  let server: Http2SecureServer | Http2Server;
  let certificateDer: Buffer = Buffer.alloc(0);
  if (clientPem) {
    const expected = pemToDer(clientPem);
    if (!expected) throw new PluginStartError('PLUGIN_CLIENT_CERT does not contain a PEM certificate.\n', 1);
    // Fail early on a malformed certificate rather than at the first connection.
    new X509Certificate(expected);
    const cert = makeServerCertificate();
    certificateDer = cert.der;
    server = createSecureServer({
      key: cert.keyPem,
      cert: cert.certPem,
      ca: clientPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      allowHTTP1: false,
    });
    // Beyond chain verification: only the exact certificate terraform offered is accepted.
    server.on('secureConnection', (socket: TLSSocket) => {
      const peer = socket.getPeerCertificate(false);
      if (!peer || !peer.raw || !expected.equals(peer.raw)) {
        log('refused a TLS client whose certificate is not the one terraform offered');
        socket.destroy();
      }
    });
  } else {
    // go-plugin without AutoMTLS (only terraform's own test harness does this): plain HTTP/2.
    server = createServer();
  }
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => serveStream(options.methods, stream, headers, log));
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('sessionError', (err: Error) => log(`http2 session error: ${err.message}`));
  server.on('tlsClientError', (err: Error) => log(`TLS client refused: ${err.message}`));

  const listen = (...args: unknown[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      (server.listen as (...a: unknown[]) => void)(...args, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  let address: string | undefined;
  let socketPath: string | undefined;
  if (process.platform !== 'win32') {
    // A unix socket, like go-plugin's own servers; tcp on loopback when it cannot be created (e.g. a path too long).
    const path = join(env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), `c1-provider-${process.pid}-${randomBytes(6).toString('hex')}.sock`);
    try {
      // sun_path holds 104–108 bytes and some libuv versions truncate silently: refuse long paths.
      if (Buffer.byteLength(path) > 100) throw new Error('the socket path is too long');
      await listen(path);
      socketPath = path;
      address = `unix|${path}`;
    } catch (err: unknown) {
      log(`unix socket ${path} failed (${(err as Error).message}); serving on tcp 127.0.0.1`);
    }
  }
  if (address === undefined) {
    await listen(0, '127.0.0.1');
    address = `tcp|127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const cleanup = (): void => {
    if (socketPath) rmSync(socketPath, { force: true });
  };
  process.once('exit', cleanup);

  const cert = certificateDer.length ? certificateDer.toString('base64').replace(/=+$/, '') : '';
  const handshake = `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${address}|grpc|${cert}`;
  (options.writeHandshake ?? ((line: string) => process.stdout.write(`${line}\n`)))(handshake);
  return {
    address,
    handshake,
    certificateDer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          cleanup();
          resolve();
        });
        // Open sessions would keep close() waiting.
        sessions.forEach((s) => s.destroy());
      }),
  };
}

/** Exit when terraform (the parent) goes away: the process is re-parented. */
export function exitWhenParentGone(onGone: () => void, intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    let alive = process.ppid === parent;
    if (alive) {
      try {
        process.kill(parent, 0);
      } catch {
        alive = false;
      }
    }
    if (!alive) onGone();
  }, intervalMs);
  timer.unref();
}
