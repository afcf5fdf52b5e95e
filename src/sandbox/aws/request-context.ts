/** What a service handler gets for one authenticated request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account, AccessKey, Principal, SandboxState } from './state';

export interface SandboxRuntime {
  readonly state: SandboxState;
  readonly region: string;
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: () => string;
  /** The sandbox's clock in ms (Date.now() plus the configured skew): SigV4 windows and Date headers. */
  readonly now: () => number;
  readonly autoVerifyDomains: boolean | undefined;
  readonly orgId?: string;
  /** Leave ChangeInfo out of Route 53 change responses (terraform then skips its 10–30 s INSYNC wait). */
  readonly route53OmitChangeInfo: boolean;
  /** Re-check DNS-based verification of SES domain identities (after Route 53 changes). */
  readonly refreshVerification: () => void;
}

export interface RequestContext {
  readonly rt: SandboxRuntime;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: Buffer;
  readonly key: AccessKey;
  readonly principal: Principal;
  /** The caller's account. */
  readonly account: Account;
  /** Region of the credential scope. */
  readonly region: string;
}
