/**
 * gRPC unary calls over node:http2 (what go-plugin's client speaks): messages framed as a 1-byte
 * compressed flag + 4-byte big-endian length, `content-type: application/grpc`, the status in the
 * trailers (`grpc-status`, percent-encoded `grpc-message`). Unknown methods answer Unimplemented (12).
 */
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';

/** An answer plus something to do once it has been sent (e.g. exit after Shutdown). */
export class ThenRun {
  constructor(
    public readonly message: Uint8Array,
    public readonly after: () => void,
  ) {}
}

export type UnaryHandler = (request: Uint8Array) => Promise<Uint8Array | ThenRun> | Uint8Array | ThenRun;

export const GRPC_OK = 0;
export const GRPC_INVALID_ARGUMENT = 3;
export const GRPC_INTERNAL = 13;
export const GRPC_UNIMPLEMENTED = 12;
export const GRPC_UNAUTHENTICATED = 16;

/** Handler errors carrying a gRPC status. */
export class GrpcError extends Error {
  constructor(
    public readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Split a request body into its messages (unary calls carry exactly one). */
export function unframe(body: Buffer): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < body.length) {
    if (pos + 5 > body.length) throw new GrpcError(GRPC_INVALID_ARGUMENT, 'truncated gRPC frame header');
    if (body[pos] !== 0) throw new GrpcError(GRPC_UNIMPLEMENTED, 'compressed gRPC messages are not supported');
    const n = body.readUInt32BE(pos + 1);
    if (pos + 5 + n > body.length) throw new GrpcError(GRPC_INVALID_ARGUMENT, 'truncated gRPC message');
    out.push(new Uint8Array(body.subarray(pos + 5, pos + 5 + n)));
    pos += 5 + n;
  }
  return out;
}

function fail(stream: ServerHttp2Stream, code: number, message: string): void {
  if (stream.destroyed || stream.closed) return;
  if (!stream.headersSent) {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message) }, { endStream: true });
  } else {
    stream.close();
  }
}

/** Serve one HTTP/2 stream as a unary gRPC call to `methods[:path]`. */
export function serveStream(methods: ReadonlyMap<string, UnaryHandler>, stream: ServerHttp2Stream, headers: IncomingHttpHeaders, log: (m: string) => void): void {
  const path = String(headers[':path'] ?? '');
  const handler = methods.get(path);
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('error', (err) => log(`grpc stream ${path}: ${err.message}`));
  stream.on('end', () => {
    if (!handler) {
      fail(stream, GRPC_UNIMPLEMENTED, `method ${path} is not implemented by this provider`);
      return;
    }
    void (async () => {
      try {
        const messages = unframe(Buffer.concat(chunks));
        const answer = await handler(messages[0] ?? new Uint8Array(0));
        const response = answer instanceof ThenRun ? answer.message : answer;
        if (answer instanceof ThenRun) stream.once('close', answer.after);
        if (stream.destroyed || stream.closed) return;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GRPC_OK) }));
        stream.end(frame(response));
      } catch (err: unknown) {
        const code = err instanceof GrpcError ? err.code : GRPC_INTERNAL;
        const message = err instanceof Error ? err.message : String(err);
        log(`grpc ${path} failed: ${message}`);
        fail(stream, code, message);
      }
    })();
  });
}
