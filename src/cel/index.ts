export { evaluateTrust, compileTrust, cachedTrust, type TrustResult, type TrustEvaluator } from './evaluate';
export { lintTrust, NUMERIC_CLAIMS, type LintFinding, type LintOptions, type LintPosition, type LintSeverity } from './lint';
export { checkTrustExpression, type CelCheckIssue, type CelCheckOptions, type CelCheckResult, type CelCheckType } from './check';
export { recommendTrustExpression, celString, type TrustExpressionInput } from './recommend';
export { CEL_MAX_BYTES, celByteLength } from './limits';
