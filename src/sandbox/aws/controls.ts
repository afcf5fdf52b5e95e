/** Sandbox-only controls over HTTP under /_sandbox/ (no SigV4: loopback test hooks). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateFaultSpec, type Faults } from './faults';

export interface ControlTarget {
  readonly faults: Faults;
  sentEmails(): readonly unknown[];
  verifyEmailAddress(address: string, region?: string): void;
  setSesProductionAccess(on: boolean, region?: string): void;
  unknownOperations(): readonly string[];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function json(body: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8') || '{}') as unknown;
  } catch {
    throw new Error('the request body is not JSON: send a JSON object (content-type: application/json)');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('the request body must be a JSON object');
  return v as Record<string, unknown>;
}

export function controlHandler(t: ControlTarget): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean> {
  return async (req, res, body) => {
    const path = (req.url ?? '').split('?')[0];
    const method = req.method ?? 'GET';
    try {
      if (path === '/_sandbox/emails' && method === 'GET') send(res, 200, { emails: t.sentEmails() });
      else if (path === '/_sandbox/unknown-operations' && method === 'GET') send(res, 200, { operations: t.unknownOperations() });
      else if (path === '/_sandbox/verify-email' && method === 'POST') {
        const { address, region } = json(body);
        if (typeof address !== 'string' || !address.includes('@')) return send(res, 400, { error: 'body must be {"address": "user@example.com", "region"?: "eu-west-1"}' }), true;
        if (region !== undefined && (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))) return send(res, 400, { error: `region ${JSON.stringify(region)} must be an AWS region name like "eu-west-1"` }), true;
        t.verifyEmailAddress(address, region);
        send(res, 200, { verified: address });
      } else if (path === '/_sandbox/ses-production-access' && method === 'POST') {
        const { enabled: on, region } = json(body);
        if (typeof on !== 'boolean') return send(res, 400, { error: 'body must be {"enabled": true|false, "region"?: "eu-west-1"}' }), true;
        if (region !== undefined && (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))) return send(res, 400, { error: `region ${JSON.stringify(region)} must be an AWS region name like "eu-west-1"` }), true;
        t.setSesProductionAccess(on, region);
        send(res, 200, { productionAccessEnabled: on });
      } else if (path === '/_sandbox/faults' && method === 'POST') {
        t.faults.inject(validateFaultSpec(json(body)));
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
