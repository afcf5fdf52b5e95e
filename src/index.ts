/**
 * c1-aws: connect an AWS account to C1 (ConductorOne) as code, and prove that the connection works.
 *
 * The root exports the constructs, the IAM documents and evaluator, trust expressions, the C1 client
 * and the workload token provider. The sandboxes (`c1-aws/sandbox`) and the validator
 * (`c1-aws/validate`) are separate entry points so importing the root stays light.
 */
export * as constructs from './constructs';
export { SesSender, OutboundFederation, WebIdentityTokenAccess, ConstructValidationError } from './constructs';
export type { SesSenderProps, OutboundFederationProps, WebIdentityTokenAccessProps, DnsRecordToPublish, DmarcProps, ConfigurationSetProps } from './constructs';
export * as policy from './policy';
export * as cel from './cel';
export * as c1 from './c1';
export * as federation from './federation';
export { c1AccessTokenProvider } from './federation';
export { C1AwsError } from './errors';
