/**
 * The IAM policy grammar checks IAM applies when a document is stored (MalformedPolicyDocument,
 * 400): JSON object, known top-level keys, a Version IAM knows, statements with an Effect, exactly
 * one of Action/NotAction, exactly one of Resource/NotResource (identity and session policies), a
 * Principal/NotPrincipal (trust policies, where a Principal is required) and Condition blocks of
 * objects. A document that passes can always be evaluated (the evaluator never sees garbage).
 */
import { AwsApiError } from './api-error';

export type PolicyKind = 'identity' | 'trust' | 'session';

const malformed = (message: string): AwsApiError => new AwsApiError(400, 'MalformedPolicyDocument', message);

const isStringList = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkStatement(s: unknown, kind: PolicyKind): void {
  if (!isObject(s)) throw malformed('Syntax errors in policy: each Statement must be a JSON object.');
  const known = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'];
  const unknown = Object.keys(s).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw malformed(`Syntax errors in policy: unknown field ${unknown[0]} in a Statement.`);
  if (s.Effect === undefined) throw malformed('Missing required field Effect');
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed(`Invalid effect: ${String(s.Effect)}`);
  if (s.Sid !== undefined && typeof s.Sid !== 'string') throw malformed('Syntax errors in policy: Sid must be a string.');
  const hasAction = s.Action !== undefined;
  const hasNotAction = s.NotAction !== undefined;
  if (hasAction === hasNotAction) throw malformed(hasAction ? 'Syntax errors in policy: a Statement cannot have both Action and NotAction.' : 'Policy statement must contain actions.');
  if (!isStringList(hasAction ? s.Action : s.NotAction)) throw malformed('Syntax errors in policy: Action must be a string or a non-empty list of strings.');
  const hasResource = s.Resource !== undefined;
  const hasNotResource = s.NotResource !== undefined;
  if (hasResource && hasNotResource) throw malformed('Syntax errors in policy: a Statement cannot have both Resource and NotResource.');
  if ((hasResource || hasNotResource) && !isStringList(hasResource ? s.Resource : s.NotResource)) throw malformed('Syntax errors in policy: Resource must be a string or a non-empty list of strings.');
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (kind === 'trust') {
    if (!hasPrincipal) throw malformed('Missing required field Principal');
    const p = s.Principal ?? s.NotPrincipal;
    if (p !== '*' && !(isObject(p) && Object.values(p).every(isStringList))) throw malformed('Invalid principal in policy: Principal must be "*" or an object of principal lists.');
  } else {
    if (hasPrincipal) throw malformed('Policy document should not specify a principal.');
    if (!hasResource && !hasNotResource) throw malformed('Policy statement must contain resources.');
  }
  if (s.Condition !== undefined) {
    if (!isObject(s.Condition) || !Object.values(s.Condition).every(isObject)) throw malformed('Syntax errors in policy: Condition must be an object of operator objects.');
    for (const block of Object.values(s.Condition) as Array<Record<string, unknown>>) {
      for (const v of Object.values(block)) {
        const ok = ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x)));
        if (!ok) throw malformed('Syntax errors in policy: condition values must be strings, numbers, booleans or lists of them.');
      }
    }
  }
}

/** Returns the document unchanged when IAM would store it; throws MalformedPolicyDocument otherwise. */
export function checkPolicyDocument(text: string, kind: PolicyKind): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (!isObject(doc)) throw malformed('Syntax errors in policy: the document must be a JSON object.');
  const unknown = Object.keys(doc).filter((k) => !['Version', 'Id', 'Statement'].includes(k));
  if (unknown.length > 0) throw malformed(`Syntax errors in policy: unknown field ${unknown[0]}.`);
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') throw malformed(`The policy failed legacy parsing: Version ${String(doc.Version)} is not 2012-10-17 or 2008-10-17.`);
  if (doc.Statement === undefined) throw malformed('Syntax errors in policy: Statement is required.');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const s of statements) checkStatement(s, kind);
  return text;
}
