/** Facts the documents are built on (see README "Facts"). */

/** The principal C1 uses to assume customer roles (C1's integrations account). */
export const C1_SERVICE_ROLE_ARN = 'arn:aws:iam::765656841499:role/ConductorOneService';
export const C1_SERVICE_ACCOUNT_ID = '765656841499';

export const SES_SEND_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'] as const;

export const GET_WEB_IDENTITY_TOKEN = 'sts:GetWebIdentityToken';
export const TAG_GET_WEB_IDENTITY_TOKEN = 'sts:TagGetWebIdentityToken';

/** Condition keys for sts:GetWebIdentityToken. `sts:Audience` is NOT one of them. */
export const KEY_IDENTITY_TOKEN_AUDIENCE = 'sts:IdentityTokenAudience';
export const KEY_DURATION_SECONDS = 'sts:DurationSeconds';
export const KEY_SIGNING_ALGORITHM = 'sts:SigningAlgorithm';
export const KEY_EXTERNAL_ID = 'sts:ExternalId';

export const SIGNING_ALGORITHMS = ['RS256', 'ES384'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const TOKEN_DURATION_MIN = 60;
export const TOKEN_DURATION_MAX = 3600;
export const TOKEN_DURATION_DEFAULT = 300;

/** The namespace under which AWS puts its claims in outbound web identity tokens. */
export const AWS_CLAIMS_NAMESPACE = 'https://sts.amazonaws.com/';

export const DEFAULT_DKIM_TARGET = 'dkim.amazonses.com';
export const DEFAULT_ROLE_NAME = 'c1-ses-sender';
export const DEFAULT_SEND_POLICY_NAME = 'c1-ses-send';
