/** The static check set (no credentials) over one loaded input. */
import { Check } from '../findings';
import { celCheck } from './cel';
import { dnsCheck } from './dns';
import { StaticInput } from './inputs';
import { sendPolicyCheck } from './send-policy';
import { tokenPolicyCheck } from './token-policy';
import { trustCheck } from './trust';

export interface StaticOptions {
  readonly externalId?: string;
  readonly c1PrincipalArn?: string;
  readonly roleName?: string;
  readonly configurationSet?: string;
  readonly region?: string;
  readonly dkimTarget?: string;
  readonly trustExpression?: string;
  /** The tenant's token audience (the host of `--client-id`); default: the audiences the token policies name. */
  readonly audiences?: readonly string[];
  /** The signing algorithm workloads ask for (`--algorithm`). */
  readonly signingAlgorithm?: 'RS256' | 'ES384';
}

export function staticChecks(input: StaticInput | undefined, o: StaticOptions = {}): Check[] {
  const trustOpts = {
    ...(o.externalId !== undefined ? { externalId: o.externalId } : {}),
    ...(o.c1PrincipalArn ? { c1PrincipalArn: o.c1PrincipalArn } : {}),
    ...(o.roleName ? { roleName: o.roleName } : {}),
  };
  const checks: Check[] = [];
  if (input) {
    checks.push(
      trustCheck(input, trustOpts),
      sendPolicyCheck(input, { ...trustOpts, ...(o.configurationSet ? { configurationSet: o.configurationSet } : {}) }),
      tokenPolicyCheck(input, { ...(o.audiences ? { audiences: o.audiences } : {}), ...(o.signingAlgorithm ? { signingAlgorithm: o.signingAlgorithm } : {}) }),
      dnsCheck(input, { ...(o.region ? { region: o.region } : {}), ...(o.dkimTarget ? { dkimTarget: o.dkimTarget } : {}) }),
    );
  }
  if (input || o.trustExpression !== undefined) checks.push(celCheck(input, o.trustExpression));
  return checks;
}

export { loadInput, fromJson, type StaticInput, type StackResource } from './inputs';
