/** C1's own CEL check: `POST /api/v1/workload_federation/test-cel` `{expression, claimsJson}` → `{matched, error, expression}`. */
import type { C1ApiClient } from './api-client';

export interface TestCelResult {
  readonly matched: boolean;
  /** Why the expression could not be evaluated (absent when it evaluated). */
  readonly error?: string;
}

/** `claims` may be an object (sent as JSON text) or JSON text already. */
export async function testCel(client: C1ApiClient, expression: string, claims: object | string): Promise<TestCelResult> {
  const claimsJson = typeof claims === 'string' ? claims : JSON.stringify(claims);
  const r = await client.request<{ matched?: boolean; error?: string }>('POST', '/api/v1/workload_federation/test-cel', { body: { expression, claimsJson } });
  return { matched: r.matched === true, ...(r.error ? { error: r.error } : {}) };
}
