/**
 * The IAM documents this package deploys, built by plain functions. Inputs may be cdktf token
 * strings (e.g. "${aws_sesv2_email_identity.x.arn}"): these functions never parse them.
 */
import {
  C1_SERVICE_ROLE_ARN,
  GET_WEB_IDENTITY_TOKEN,
  KEY_DURATION_SECONDS,
  KEY_EXTERNAL_ID,
  KEY_IDENTITY_TOKEN_AUDIENCE,
  KEY_SIGNING_ALGORITHM,
  SES_SEND_ACTIONS,
  SigningAlgorithm,
  TAG_GET_WEB_IDENTITY_TOKEN,
  TOKEN_DURATION_DEFAULT,
} from './constants';
import { C1AwsError } from '../errors';
import { PolicyDocument, PolicyStatement } from './types';

/**
 * A document builder was asked for a document that would be unsafe or meaningless: an empty condition
 * (`"Condition":{"StringEquals":{}}` matches every request), an empty or wildcard principal, no resource.
 * Thrown before any document exists, so no code path can emit one.
 */
export class PolicyDocumentError extends C1AwsError {
  /** The builder input that is wrong, e.g. `externalId`. */
  public readonly input: string;

  constructor(code: string, input: string, message: string, fix: string) {
    super(code, message, { fix });
    this.input = input;
  }
}

export const POLICY_CONDITION_EMPTY = 'C1AWS_POLICY_CONDITION_EMPTY';
export const POLICY_PRINCIPAL_INVALID = 'C1AWS_POLICY_PRINCIPAL_INVALID';
export const POLICY_RESOURCE_EMPTY = 'C1AWS_POLICY_RESOURCE_EMPTY';

const shown = (v: unknown): string => (v === undefined ? 'undefined' : v === null ? 'null' : typeof v === 'string' ? (v.trim() === '' ? 'empty' : 'given') : `a ${typeof v}`);

/** A non-empty string (a cdktf token string counts: it is never parsed here). */
function requireText(builder: string, input: string, value: unknown, code: string, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PolicyDocumentError(code, input, `${builder}: "${input}" is ${shown(value)}; the document would have an empty condition or principal.`, fix);
  }
  return value;
}

/** A non-empty list of non-empty strings. */
function requireList(builder: string, input: string, value: unknown, code: string, fix: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PolicyDocumentError(code, input, `${builder}: "${input}" is ${Array.isArray(value) ? 'an empty list' : shown(value)}; it must list at least one value.`, fix);
  }
  return value.map((v, i) => requireText(builder, `${input}[${i}]`, v, code, fix));
}

/** A principal that names someone: never empty, never a wildcard (`*`, `?` anywhere in it). */
function requirePrincipal(builder: string, input: string, value: unknown): string {
  const p = requireText(builder, input, value, POLICY_PRINCIPAL_INVALID, `set ${input} to one IAM role ARN, e.g. ${C1_SERVICE_ROLE_ARN}`);
  if (/[*?]/.test(p)) {
    throw new PolicyDocumentError(POLICY_PRINCIPAL_INVALID, input, `${builder}: "${input}" contains a wildcard; the role could be assumed by anyone it matches.`, `set ${input} to one IAM role ARN, e.g. ${C1_SERVICE_ROLE_ARN}`);
  }
  return p;
}

/**
 * The last line of defence: every Condition operator of every statement has at least one key, and every
 * key a non-empty value (a string, a non-empty list of strings, a number or a boolean).
 */
export function assertConditionsComplete(doc: PolicyDocument, builder = 'policy document'): PolicyDocument {
  for (const [i, st] of doc.Statement.entries()) {
    if (st.Condition === undefined) continue;
    const ops = Object.entries(st.Condition);
    if (ops.length === 0) throw new PolicyDocumentError(POLICY_CONDITION_EMPTY, `Statement[${i}].Condition`, `${builder}: statement ${i} has an empty Condition.`, 'give every condition a key and a value, or drop the Condition');
    for (const [op, keys] of ops) {
      const entries = keys && typeof keys === 'object' ? Object.entries(keys) : [];
      if (entries.length === 0) {
        throw new PolicyDocumentError(POLICY_CONDITION_EMPTY, `Statement[${i}].Condition.${op}`, `${builder}: statement ${i} has an empty "${op}" condition, which matches every request.`, 'give the condition its key and value');
      }
      for (const [key, v] of entries) {
        const ok = typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '')
          || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== ''));
        if (!ok) {
          throw new PolicyDocumentError(POLICY_CONDITION_EMPTY, `Statement[${i}].Condition.${op}.${key}`, `${builder}: condition "${op}" on "${key}" has no value (${shown(v)}).`, `give ${key} its value`);
        }
      }
    }
  }
  return doc;
}

export interface SesSenderTrustPolicyInput {
  /** The tenant's External ID (C1: Settings > Email provider). */
  readonly externalId: string;
  /** @default C1_SERVICE_ROLE_ARN */
  readonly c1PrincipalArn?: string;
}

/** Trust policy of the role C1 assumes: only C1's service role, only with the tenant's External ID. */
export function sesSenderTrustPolicy(input: SesSenderTrustPolicyInput): PolicyDocument {
  const b = 'sesSenderTrustPolicy';
  const externalId = requireText(b, 'externalId', input.externalId, POLICY_CONDITION_EMPTY, "pass the tenant's External ID (C1: Settings > Email provider)");
  const principal = requirePrincipal(b, 'c1PrincipalArn', input.c1PrincipalArn ?? C1_SERVICE_ROLE_ARN);
  return assertConditionsComplete({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowC1WithExternalId',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { [KEY_EXTERNAL_ID]: externalId } },
      },
    ],
  }, b);
}

export interface SesSendPolicyInput {
  /** ARNs of the SES identities C1 may send as (domain and/or address identity). */
  readonly identityArns: readonly string[];
  /** ARNs of configuration sets used on sends; a send through one is authorized against it too. */
  readonly configurationSetArns?: readonly string[];
  /** When set, pin `ses:FromAddress` to these addresses. */
  readonly fromAddresses?: readonly string[];
  /** Explicit opt-in to the product page's `Resource: "*"`. @default false */
  readonly allowAllResources?: boolean;
}

/** The role's permissions: SES send actions only, scoped to the identity (and configuration set). */
export function sesSendPolicy(input: SesSendPolicyInput): PolicyDocument {
  const b = 'sesSendPolicy';
  const resources = input.allowAllResources
    ? ['*']
    : requireList(b, 'identityArns', [...(input.identityArns ?? []), ...(input.configurationSetArns ?? [])], POLICY_RESOURCE_EMPTY,
      'pass the ARN of the SES identity C1 sends as (and of the configuration set, when one is used)');
  const fromAddresses = input.fromAddresses === undefined ? [] : requireList(b, 'fromAddresses', input.fromAddresses, POLICY_CONDITION_EMPTY, 'pass the sender address to pin, or leave fromAddresses out');
  const statement: PolicyStatement = {
    Sid: 'AllowSesSendOnly',
    Effect: 'Allow',
    Action: [...SES_SEND_ACTIONS],
    Resource: resources,
    ...(fromAddresses.length > 0 ? { Condition: { StringEquals: { 'ses:FromAddress': fromAddresses } } } : {}),
  };
  return assertConditionsComplete({ Version: '2012-10-17', Statement: [statement] }, b);
}

export interface WebIdentityTokenPolicyInput {
  /** Audiences allowed (the C1 tenant host(s), e.g. "yourcompany.conductor.one"). */
  readonly audiences: readonly string[];
  /** Upper bound on `DurationSeconds` (a string only for a Terraform expression). @default 300 */
  readonly maxDurationSeconds?: number | string;
  /** @default 'RS256' */
  readonly signingAlgorithm?: SigningAlgorithm;
  /** Allow request tags (grants sts:TagGetWebIdentityToken). @default false */
  readonly allowRequestTags?: boolean;
}

/**
 * Workload permission to get a web identity token for the C1 audience only.
 * `ForAllValues` + the `Null` guard: every requested audience must be in the list, and at least one
 * must be given (ForAllValues alone is vacuously true on an empty set).
 */
export function webIdentityTokenPolicy(input: WebIdentityTokenPolicyInput): PolicyDocument {
  const b = 'webIdentityTokenPolicy';
  const audiences = requireList(b, 'audiences', input.audiences, POLICY_CONDITION_EMPTY, 'pass the C1 tenant host, e.g. ["yourcompany.conductor.one"]');
  const condition = {
    'ForAllValues:StringEquals': { [KEY_IDENTITY_TOKEN_AUDIENCE]: audiences },
    Null: { [KEY_IDENTITY_TOKEN_AUDIENCE]: 'false' },
    NumericLessThanEquals: { [KEY_DURATION_SECONDS]: String(input.maxDurationSeconds ?? TOKEN_DURATION_DEFAULT) },
    StringEquals: { [KEY_SIGNING_ALGORITHM]: input.signingAlgorithm ?? 'RS256' },
  };
  const actions = input.allowRequestTags ? [GET_WEB_IDENTITY_TOKEN, TAG_GET_WEB_IDENTITY_TOKEN] : [GET_WEB_IDENTITY_TOKEN];
  return assertConditionsComplete({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowC1WebIdentityToken',
        Effect: 'Allow',
        Action: actions.length === 1 ? actions[0] : actions,
        Resource: '*',
        Condition: condition,
      },
    ],
  }, b);
}
