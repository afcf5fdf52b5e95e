/**
 * The one HTTP server of the sandbox: IAM, STS, SESv2 and Route 53 routed by the SigV4
 * credential-scope service, the OIDC issuers under /oidc/, sandbox controls under /_sandbox/.
 * Tracks sockets (keep-alive too) so stop() closes everything; applies injected faults.
 * Order per request, as AWS's front door: SigV4 parameters from the headers (or the query string),
 * the body limit (Content-Length, then while streaming: nothing over it is buffered), the key, the
 * signature, the request time (±15 minutes of the sandbox clock, which every response's Date header
 * carries so SDKs can correct skew), then the service. Transport errors are 4xx in the service's own
 * error format (a malformed `%` escape is 400 MalformedQueryString, an oversized body 413).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AwsApiError } from './api-error';
import { faultError, oidcFaultResponse, type FaultService, type Faults } from './faults';
import { handleIam, IAM_NAMESPACE } from './iam';
import type { OidcIssuers } from './oidc';
import { queryRequestParams, sendQueryError } from './query-protocol';
import { BodyTooLargeError, MalformedContentLengthError, readBody } from './request-body';
import type { RequestContext, SandboxRuntime } from './request-context';
import { sendJsonError } from './rest-json';
import { sendRestXmlError } from './rest-xml';
import { handleRoute53, route53Operation } from './route53';
import { handleSes, sesOperation } from './sesv2';
import { parseAuthorization, SIGV4_STATUS, SigV4Error, verifySignature } from './sigv4';
import { handleSts, STS_NAMESPACE } from './sts';

export interface ServerDeps {
  readonly rt: SandboxRuntime;
  readonly oidc: OidcIssuers;
  readonly faults: Faults;
  /** `/_sandbox/...` controls; returns false if the path is unknown. */
  readonly controls: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>;
  readonly onUnknown: (service: string, operation: string) => void;
  /** Body limits in bytes, checked before a body is buffered. */
  readonly bodyLimits: { readonly query: number; readonly route53: number; readonly ses: number; readonly other: number };
}

const SERVICES: Record<string, Exclude<FaultService, 'oidc'>> = { iam: 'iam', sts: 'sts', ses: 'ses', route53: 'route53' };

function sendError(service: string, res: ServerResponse, err: AwsApiError): void {
  if (res.headersSent) return;
  if (err.status === 413) res.setHeader('connection', 'close');
  if (service === 'ses') sendJsonError(res, err);
  else if (service === 'route53') sendRestXmlError(res, err);
  else sendQueryError(res, service === 'iam' ? IAM_NAMESPACE : STS_NAMESPACE, err);
}

/** The service a request is for before its signature is read (to answer in its error format). */
function serviceOfPath(path: string): string {
  if (path.startsWith('/v2/email/')) return 'ses';
  if (path.startsWith('/2013-04-01/')) return 'route53';
  return 'sts';
}

function operationOf(service: string, req: IncomingMessage, body: Buffer): string {
  if (service === 'iam' || service === 'sts') return queryRequestParams(req, body).get('Action') ?? '';
  const path = (req.url ?? '/').split('?')[0];
  return service === 'ses' ? sesOperation(req.method ?? 'GET', path) : route53Operation(req.method ?? 'GET', path);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Apply a fault; returns true when the request was answered (or dropped) by it. */
async function applyFault(deps: ServerDeps, service: FaultService, operation: string, res: ServerResponse, req: IncomingMessage): Promise<boolean> {
  const f = deps.faults.take(service, operation);
  if (!f) return false;
  if (f.kind === 'latency') {
    await sleep(f.latencyMs ?? 1000);
    return false;
  }
  if (f.kind === 'drop') {
    req.socket.destroy();
    return true;
  }
  if (service === 'oidc') {
    const r = oidcFaultResponse(f.kind);
    res.writeHead(r.status, r.headers);
    res.end(r.body);
    return true;
  }
  sendError(service, res, faultError(service, f.kind));
  return true;
}

/** Errors of the transport (body, encoding) and of SigV4 as the service's API error. */
function asApiError(err: unknown): AwsApiError {
  if (err instanceof AwsApiError) return err;
  if (err instanceof SigV4Error) return new AwsApiError(SIGV4_STATUS[err.awsCode], err.awsCode, err.message);
  if (err instanceof BodyTooLargeError) return new AwsApiError(413, 'RequestEntityTooLarge', err.message);
  if (err instanceof MalformedContentLengthError) return new AwsApiError(400, 'MalformedInput', err.message);
  if (err instanceof URIError) return new AwsApiError(400, 'MalformedQueryString', `The request contains a malformed percent-encoding (a % must be followed by two hex digits): ${err.message}`);
  return new AwsApiError(500, 'InternalFailure', `sandbox error: ${err instanceof Error ? err.message : String(err)}`, false);
}

/** Controls and OIDC documents: plain JSON, no SigV4. */
async function handleUnsigned(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, deps.bodyLimits.other);
  } catch (err: unknown) {
    const e = asApiError(err);
    res.writeHead(e.status, { 'content-type': 'application/json', ...(e.status === 413 ? { connection: 'close' } : {}) });
    res.end(JSON.stringify({ error: e.message }));
    return;
  }
  if (path.startsWith('/_sandbox/')) {
    if (!(await deps.controls(req, res, body))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `unknown sandbox control ${path}` }));
    }
    return;
  }
  if (await applyFault(deps, 'oidc', path.endsWith('jwks.json') ? 'jwks' : 'openid-configuration', res, req)) return;
  if (await deps.oidc.handle(req, res, deps.rt.endpoint(), deps.rt.state.accounts.values())) return;
  res.writeHead(404).end();
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const now = deps.rt.now();
  // Clients correct clock skew from this header (the SDKs re-sign with it after "Signature expired").
  res.setHeader('date', new Date(now).toUTCString());
  const path = (req.url ?? '/').split('?')[0];
  if (path.startsWith('/_sandbox/') || path.startsWith('/oidc/')) return handleUnsigned(deps, req, res, path);
  let service = serviceOfPath(path);
  try {
    // Everything up to the body limit comes from the headers: nothing is buffered before it is checked.
    const auth = parseAuthorization(req);
    if (!SERVICES[auth.service]) throw new AwsApiError(400, 'UnknownService', `The sandbox does not serve the signing name ${auth.service} (use iam, sts, ses or route53).`);
    service = SERVICES[auth.service];
    const body = await readBody(req, service === 'ses' ? deps.bodyLimits.ses : service === 'route53' ? deps.bodyLimits.route53 : deps.bodyLimits.query);
    const key = deps.rt.state.keys.get(auth.accessKeyId);
    if (!key) throw new AwsApiError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    const token = auth.presigned ? auth.securityToken : req.headers['x-amz-security-token'];
    if (key.sessionToken !== undefined && token !== key.sessionToken) throw new AwsApiError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    verifySignature(req, body, auth, key.secretAccessKey, now);
    if (key.principal.expiration && key.principal.expiration.getTime() < Date.now()) throw new AwsApiError(403, 'ExpiredToken', 'The security token included in the request is expired');
    const operation = operationOf(service, req, body);
    if (await applyFault(deps, service as FaultService, operation, res, req)) return;
    const ctx: RequestContext = { rt: deps.rt, req, res, body, key, principal: key.principal, account: deps.rt.state.account(key.principal.accountId), region: auth.region };
    if (service === 'iam') handleIam(ctx, deps.onUnknown);
    else if (service === 'sts') await handleSts(ctx, deps.oidc, deps.onUnknown);
    else if (service === 'ses') handleSes(ctx, deps.onUnknown);
    else handleRoute53(ctx, deps.onUnknown);
  } catch (err: unknown) {
    sendError(service, res, asApiError(err));
  }
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

export function startHttpServer(deps: ServerDeps, port: number): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        server,
        port: actual,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            for (const s of sockets) s.destroy();
            server.closeAllConnections();
          }),
      });
    });
  });
}
