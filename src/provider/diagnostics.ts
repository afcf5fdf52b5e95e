/**
 * Diagnostics as terraform shows them (summary + detail, optionally pointing at an attribute), and
 * the one translation of errors (C1 API refusals, unreachable tenant, package errors) into them.
 * Nothing here ever includes a token, a secret or an External ID.
 */
import { C1HttpError } from '../c1/errors';
import { C1AwsError } from '../errors';

export type Severity = 'error' | 'warning';

/** An attribute path: names, and for lists/sets/maps an index or key. */
export type PathStep = string | number | { readonly key: string };
export type AttributePath = readonly PathStep[];

export interface Diagnostic {
  readonly severity: Severity;
  readonly summary: string;
  readonly detail: string;
  readonly path?: AttributePath;
}

export const error = (summary: string, detail: string, path?: AttributePath): Diagnostic => ({ severity: 'error', summary, detail, ...(path ? { path } : {}) });
export const warning = (summary: string, detail: string, path?: AttributePath): Diagnostic => ({ severity: 'warning', summary, detail, ...(path ? { path } : {}) });

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Thrown inside handlers to end the call with these diagnostics. */
export class DiagnosticsError extends Error {
  constructor(public readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; '));
    this.name = 'DiagnosticsError';
  }
}

interface ApiErrorShape {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly serverMessage?: string;
}

function isApiError(err: unknown): err is ApiErrorShape & Error {
  const e = err as Partial<ApiErrorShape> | undefined;
  return e !== undefined && e !== null && typeof e.status === 'number' && typeof e.method === 'string' && typeof e.path === 'string';
}

const STATUS_HINT: Record<number, string> = {
  400: 'C1 refused the request as invalid: correct the configuration as the message says.',
  401: 'C1 did not accept the credentials: check access_token / CONDUCTORONE_ACCESS_TOKEN, or the OIDC token / client credentials, and that they belong to this tenant.',
  403: 'The credentials are valid but lack the permission for this call: grant the service principal (or user) a C1 role that allows it.',
  404: 'The object does not exist in this tenant (deleted, or a wrong id or tenant).',
  409: 'The object conflicts with one that already exists or was changed concurrently: import the existing object, or retry after refreshing.',
  429: 'C1 is rate limiting the requests: retry later.',
};

/**
 * One error → diagnostics. `action` says what was attempted ("Create c1_service_principal").
 * API errors quote C1's status and message; unreachable tenants say how many attempts were made.
 */
/** A create whose answer was lost may still have created the object in C1 (it is not retried, so not twice). */
const MAYBE_CREATED =
  '\n\nC1 may have created the object before the answer was lost, and it is not in the Terraform state. Look for it in C1 before applying again: import it (terraform import / an import block) or delete it, so that it is not created twice.';

export function diagnosticsFromError(action: string, err: unknown): Diagnostic[] {
  if (err instanceof DiagnosticsError) return [...err.diagnostics];
  const creating = action.startsWith('Create ');
  if (isApiError(err)) {
    const message = err.serverMessage ? `: ${err.serverMessage}` : '';
    const hint = STATUS_HINT[err.status] ?? (err.status >= 500 ? 'C1 failed to answer the request (server error); retry later.' : 'Check the request against the C1 API.');
    const maybe = creating && err.method === 'POST' && err.status >= 500 && err.status !== 503 && !err.path.includes('/settings/') ? MAYBE_CREATED : ''; // a settings save is repeatable
    return [error(`${action}: C1 answered HTTP ${err.status}`, `C1 answered ${err.method} ${err.path} with HTTP ${err.status}${message}.\n\n${hint}${maybe}`)];
  }
  if (err instanceof C1AwsError) {
    if (err.code === 'C1AWS_HTTP_TIMEOUT' || err.code === 'C1AWS_HTTP_UNREACHABLE') {
      const maybe = creating && err instanceof C1HttpError && err.method === 'POST' && err.attempts === 1 ? MAYBE_CREATED : '';
      return [error(`${action}: the C1 tenant is unreachable`, `${err.message}\n\nCheck the provider's tenant / server_url and network access to the tenant.${maybe}`)];
    }
    return [error(`${action}: ${err.code}`, err.message)];
  }
  const message = err instanceof Error ? err.message : String(err);
  return [error(`${action}: unexpected error`, `${message}\n\nThis is a bug in the c1 provider if it persists; run with TF_LOG=debug for details.`)];
}
