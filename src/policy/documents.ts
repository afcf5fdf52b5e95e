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
import { PolicyDocument, PolicyStatement } from './types';

export interface SesSenderTrustPolicyInput {
  /** The tenant's External ID (C1: Settings > Email provider). */
  readonly externalId: string;
  /** @default C1_SERVICE_ROLE_ARN */
  readonly c1PrincipalArn?: string;
}

/** Trust policy of the role C1 assumes: only C1's service role, only with the tenant's External ID. */
export function sesSenderTrustPolicy(input: SesSenderTrustPolicyInput): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowC1WithExternalId',
        Effect: 'Allow',
        Principal: { AWS: input.c1PrincipalArn ?? C1_SERVICE_ROLE_ARN },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { [KEY_EXTERNAL_ID]: input.externalId } },
      },
    ],
  };
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
  const resources = input.allowAllResources
    ? ['*']
    : [...input.identityArns, ...(input.configurationSetArns ?? [])];
  const statement: PolicyStatement = {
    Sid: 'AllowSesSendOnly',
    Effect: 'Allow',
    Action: [...SES_SEND_ACTIONS],
    Resource: resources,
    ...(input.fromAddresses && input.fromAddresses.length > 0
      ? { Condition: { StringEquals: { 'ses:FromAddress': [...input.fromAddresses] } } }
      : {}),
  };
  return { Version: '2012-10-17', Statement: [statement] };
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
  const condition = {
    'ForAllValues:StringEquals': { [KEY_IDENTITY_TOKEN_AUDIENCE]: [...input.audiences] },
    Null: { [KEY_IDENTITY_TOKEN_AUDIENCE]: 'false' },
    NumericLessThanEquals: { [KEY_DURATION_SECONDS]: String(input.maxDurationSeconds ?? TOKEN_DURATION_DEFAULT) },
    StringEquals: { [KEY_SIGNING_ALGORITHM]: input.signingAlgorithm ?? 'RS256' },
  };
  const actions = input.allowRequestTags ? [GET_WEB_IDENTITY_TOKEN, TAG_GET_WEB_IDENTITY_TOKEN] : [GET_WEB_IDENTITY_TOKEN];
  return {
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
  };
}
