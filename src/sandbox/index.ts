/** The local AWS account and the local C1 tenant (loopback only). Import from here, not from the package root, to keep the root light. */
export { startAwsSandbox } from './aws';
export type { AwsSandbox, StartAwsSandboxOptions, SandboxCredentials, SentEmail } from './aws';
export { startC1Sandbox } from './c1';
export type { C1Sandbox, StartC1SandboxOptions, C1SandboxCounters } from './c1';
