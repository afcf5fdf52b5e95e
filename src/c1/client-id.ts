/** C1 client IDs: `<name>@<host>/wfe` (workload federation) or `<name>@<host>/spc` (client credentials). */
import { C1AwsError } from '../errors';

export type C1ClientIdKind = 'wfe' | 'spc';

export interface C1ClientId {
  /** The whole id as given (trimmed). */
  readonly id: string;
  /** Text before the first `@`. */
  readonly name: string;
  /** Lower-cased tenant host, e.g. `yourcompany.conductor.one` (may carry `:port`). */
  readonly host: string;
  readonly kind: C1ClientIdKind;
  /** The audience an AWS web identity token must carry: the bare host, no scheme. */
  readonly audience: string;
  /** `https://<host>` */
  readonly tenantUrl: string;
}

export const CLIENT_ID_INVALID = 'C1AWS_CLIENT_ID_INVALID';

const RULE = 'a C1 client ID has the form <name>@<tenant host>/wfe (or /spc), e.g. "wild-otter-12345@yourcompany.conductor.one/wfe"';
const FIX = 'copy the client ID from C1 (Admin > Service principals > the trust, or the credential) without a scheme or extra spaces';
// A DNS name (labels of letters, digits and '-') with an optional port.
const HOST = /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;
const NAME = /^[A-Za-z0-9._~+-]+$/;

function invalid(id: string, why: string): C1AwsError {
  return new C1AwsError(CLIENT_ID_INVALID, `Client ID ${JSON.stringify(id)} is invalid: ${why}; ${RULE}.`, { fix: FIX });
}

/** Parse and validate a client ID; throws `C1AwsError` (`C1AWS_CLIENT_ID_INVALID`) naming the input, the rule and the fix. */
export function parseClientId(input: string): C1ClientId {
  if (typeof input !== 'string') throw invalid(String(input), 'it is not a string');
  const id = input.trim();
  if (id.length === 0) throw invalid(input, 'it is empty');
  if (/^[a-z]+:\/\//i.test(id)) throw invalid(input, 'it starts with a URL scheme');
  const at = id.indexOf('@');
  if (at < 0) throw invalid(input, 'it has no "@"');
  const name = id.slice(0, at);
  if (name.length === 0) throw invalid(input, 'the name before "@" is empty');
  if (!NAME.test(name)) throw invalid(input, 'the name before "@" contains characters other than letters, digits and ._~+-');
  const rest = id.slice(at + 1);
  const slash = rest.indexOf('/');
  if (slash < 0) throw invalid(input, 'it has no "/wfe" or "/spc" suffix');
  const host = rest.slice(0, slash).toLowerCase();
  const kind = rest.slice(slash + 1);
  if (host.length === 0) throw invalid(input, 'the tenant host between "@" and "/" is empty');
  if (!HOST.test(host)) throw invalid(input, `the tenant host ${JSON.stringify(host)} is not a DNS name`);
  if (kind !== 'wfe' && kind !== 'spc') throw invalid(input, `the suffix ${JSON.stringify(kind)} is neither "wfe" nor "spc"`);
  return { id, name, host, kind, audience: host, tenantUrl: `https://${host}` };
}
