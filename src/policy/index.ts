/** IAM documents as plain data, the input rules, and the one policy evaluator. */
export * from './types';
export * from './constants';
export * from './rules';
export * from './documents';
export { evaluatePolicies, PolicyEvaluationInputError, RESOURCE_SOURCE } from './evaluate';
export type { EvaluationInput, EvaluationRequest, EvaluationResult, Decision, DecidingStatement, NamedPolicy, ContextValue } from './evaluate';
export { callerFields, parseArn, parsePrincipalArn, principalMatches, sessionRoleArn } from './principals';
