/** The live check set: independent steps, run concurrently by the runner. */
import { Check } from '../findings';
import { LiveOptions } from './context';
import { liveC1EmailCheck } from './c1-email';
import { liveDnsCheck } from './dns';
import { liveFederationCheck } from './federation';
import { liveRoleChainCheck, liveRoleTrustCheck } from './role';
import { liveSesCheck } from './ses';

export function liveChecks(o: LiveOptions): Check[] {
  return [liveSesCheck(o), liveDnsCheck(o), liveRoleTrustCheck(o), liveRoleChainCheck(o), liveC1EmailCheck(o), liveFederationCheck(o)];
}

export type { LiveOptions, AwsCredentials } from './context';
