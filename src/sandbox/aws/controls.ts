/** Sandbox-only controls over HTTP under /_sandbox/ (no SigV4: loopback test hooks). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSpec, Faults } from './faults';

export interface ControlTarget {
  readonly faults: Faults;
  sentEmails(): readonly unknown[];
  verifyEmailAddress(address: string): void;
  setSesProductionAccess(on: boolean): void;
  unknownOperations(): readonly string[];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function json(body: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(body.toString('utf8') || '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function controlHandler(t: ControlTarget): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean> {
  return async (req, res, body) => {
    const path = (req.url ?? '').split('?')[0];
    const method = req.method ?? 'GET';
    try {
      if (path === '/_sandbox/emails' && method === 'GET') send(res, 200, { emails: t.sentEmails() });
      else if (path === '/_sandbox/unknown-operations' && method === 'GET') send(res, 200, { operations: t.unknownOperations() });
      else if (path === '/_sandbox/verify-email' && method === 'POST') {
        const address = json(body).address;
        if (typeof address !== 'string' || !address.includes('@')) return send(res, 400, { error: 'body must be {"address": "user@example.com"}' }), true;
        t.verifyEmailAddress(address);
        send(res, 200, { verified: address });
      } else if (path === '/_sandbox/ses-production-access' && method === 'POST') {
        const on = json(body).enabled;
        if (typeof on !== 'boolean') return send(res, 400, { error: 'body must be {"enabled": true|false}' }), true;
        t.setSesProductionAccess(on);
        send(res, 200, { productionAccessEnabled: on });
      } else if (path === '/_sandbox/faults' && method === 'POST') {
        t.faults.inject(json(body) as unknown as FaultSpec);
        send(res, 200, { injected: true });
      } else if (path === '/_sandbox/faults' && method === 'DELETE') {
        t.faults.clear();
        send(res, 200, { cleared: true });
      } else return false;
    } catch (err: unknown) {
      send(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
    return true;
  };
}
