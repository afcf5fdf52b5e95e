/** sts:GetWebIdentityToken on the regional STS endpoint, with errors that say what to fix. */
import { GetWebIdentityTokenCommand, STSClient, type GetWebIdentityTokenCommandOutput, type STSClientConfig } from '@aws-sdk/client-sts';
import { C1AwsError } from '../errors';

export type SigningAlgorithm = 'RS256' | 'ES384';

/** The part of an STS client used here (inject a stub in tests). */
export interface StsTokenClient {
  send(command: GetWebIdentityTokenCommand): Promise<GetWebIdentityTokenCommandOutput>;
}

export interface WebIdentityTokenRequest {
  readonly audience: string;
  readonly signingAlgorithm: SigningAlgorithm;
  readonly durationSeconds: number;
  readonly tags?: Readonly<Record<string, string>>;
}

const STS_FIXES: Record<string, string> = {
  OutboundWebIdentityFederationDisabledException:
    'enable outbound web identity federation in the account (aws iam enable-outbound-web-identity-federation, or the aws_iam_outbound_web_identity_federation resource)',
  AccessDenied:
    'allow sts:GetWebIdentityToken to the workload role, conditioned on sts:IdentityTokenAudience (not sts:Audience) equal to the tenant host; with tags also sts:TagGetWebIdentityToken',
  AccessDeniedException:
    'allow sts:GetWebIdentityToken to the workload role, conditioned on sts:IdentityTokenAudience (not sts:Audience) equal to the tenant host; with tags also sts:TagGetWebIdentityToken',
  SessionDurationEscalationException: 'lower the duration: the token cannot outlive the calling session',
  JWTPayloadSizeExceededException: 'send fewer or shorter request tags',
};

/** An STS client on the regional endpoint; `aws-global` is refused (GetWebIdentityToken is not served there). */
export function regionalStsClient(config: STSClientConfig = {}): STSClient {
  if (config.region === 'aws-global') {
    throw new C1AwsError('C1AWS_STS_REGION_INVALID', 'Region "aws-global" is invalid: GetWebIdentityToken is not available on the global STS endpoint.', {
      fix: 'use a regional endpoint, e.g. --region us-east-1',
    });
  }
  return new STSClient({ ...config, useGlobalEndpoint: false });
}

/** Request a web identity token; rejects with C1AwsError `C1AWS_STS_TOKEN_FAILED` (cause: the SDK error). */
export async function getWebIdentityToken(sts: StsTokenClient, req: WebIdentityTokenRequest): Promise<string> {
  const tags = Object.entries(req.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  let out: GetWebIdentityTokenCommandOutput;
  try {
    out = await sts.send(
      new GetWebIdentityTokenCommand({
        Audience: [req.audience],
        SigningAlgorithm: req.signingAlgorithm,
        DurationSeconds: req.durationSeconds,
        ...(tags.length > 0 ? { Tags: tags } : {}),
      }),
    );
  } catch (err: unknown) {
    const name = (err as { name?: string }).name ?? 'Error';
    const message = (err as { message?: string }).message ?? String(err);
    throw new C1AwsError('C1AWS_STS_TOKEN_FAILED', `sts:GetWebIdentityToken (audience ${req.audience}) failed: ${name}: ${message}.`, {
      fix: STS_FIXES[name] ?? 'check the credentials, the region and the role policy for sts:GetWebIdentityToken',
      cause: err,
    });
  }
  if (!out.WebIdentityToken) {
    throw new C1AwsError('C1AWS_STS_TOKEN_FAILED', `sts:GetWebIdentityToken (audience ${req.audience}) returned no WebIdentityToken.`, {
      fix: 'use @aws-sdk/client-sts >= 3.936.0 against a real (or faithful) STS endpoint',
    });
  }
  return out.WebIdentityToken;
}
