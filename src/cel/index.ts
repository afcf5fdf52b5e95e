export { evaluateTrust, compileTrust, cachedTrust, type TrustResult, type TrustEvaluator } from './evaluate';
export { lintTrust, type LintFinding, type LintOptions, type LintPosition, type LintSeverity } from './lint';
export { recommendTrustExpression, celString, type TrustExpressionInput } from './recommend';
export { CEL_MAX_BYTES, celByteLength } from './limits';
