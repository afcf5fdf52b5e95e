/** The tenant's HTTP server on 127.0.0.1: routes, injected faults, socket tracking, close-everything on stop. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAdmin, type AdminContext } from './admin-api';
import { handleTokenExchange, TOKEN_PATH, type ExchangeContext } from './exchange';
import type { Faults } from './faults';
import { HttpFailure, sendJson } from './http-io';

export interface ServerContext extends AdminContext, ExchangeContext {
  readonly faults: Faults;
}

export interface RunningServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

async function route(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const latency = ctx.faults.take('latency', url.pathname);
  if (latency) await new Promise((r) => setTimeout(r, latency.delayMs ?? 100));
  if (ctx.faults.take('connection-reset', url.pathname)) {
    req.socket.destroy(); // no answer at all: the client sees the connection close
    return;
  }
  const failure = ctx.faults.take('http-5xx', url.pathname);
  if (failure) {
    const retryAfter = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined;
    sendJson(res, failure.status ?? 503, { code: failure.status === 429 ? 8 : 14, message: `injected fault: ${failure.status === 429 ? 'rate limited' : 'service unavailable'}`, details: [] }, retryAfter);
    return;
  }
  if (url.pathname === TOKEN_PATH) return handleTokenExchange(ctx, req, res);
  if (url.pathname.startsWith('/api/v1/')) return handleAdmin(ctx, req, res, url);
  sendJson(res, 404, { code: 5, message: `no route for ${url.pathname}`, details: [] });
}

export async function startServer(ctx: ServerContext, port = 0): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpFailure) sendJson(res, err.status, err.body);
      else sendJson(res, 500, { code: 13, message: `internal error: ${(err as Error).message}`, details: [] });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
