/**
 * Lint a C1 trust condition by walking its parsed AST: parse errors (with position), the size
 * limit, and for AWS tokens whether the condition pins the account and the role (`sub`).
 */
import { parse } from '@bufbuild/cel';
import { AWS_CLAIMS_NAMESPACE } from '../policy/constants';
import { checkTrustExpression, sourceOffset } from './check';
import { CEL_MAX_BYTES, celByteLength, recursionLimitError } from './limits';

export type LintSeverity = 'error' | 'warning';

export interface LintPosition {
  /** 0-based character offset. */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface LintFinding {
  readonly code:
    | 'CEL_PARSE_ERROR'
    | 'CEL_TOO_LONG'
    | 'CEL_TYPE_ERROR'
    | 'CEL_NUMERIC_CLAIM_IS_DOUBLE'
    | 'CEL_NO_ACCOUNT_BINDING'
    | 'CEL_NO_SUB_BINDING'
    | 'CEL_TOP_LEVEL_OR'
    | 'CEL_SUB_PREFIX_WITHOUT_ACCOUNT'
    | 'CEL_AWS_CLAIM_NOT_NAMESPACED';
  readonly severity: LintSeverity;
  readonly message: string;
  readonly fix: string;
  readonly position?: LintPosition;
  /**
   * When C1 would notice: 'compile' = C1 refuses the expression when the trust is saved (parse,
   * size and type errors); 'evaluate' = C1 saves it but it fails on every token (e.g. int
   * arithmetic on a JSON number, which is a double); absent for advice (warnings).
   */
  readonly stage?: 'compile' | 'evaluate';
}

/**
 * Claims that tokens carry as JSON numbers (JWT NumericDate: RFC 7519 §2), which cel-go binds as
 * `double`. Other claims are unknown to the linter (dyn).
 */
export const NUMERIC_CLAIMS: readonly string[] = ['iat', 'exp', 'nbf', 'auth_time'];

export interface LintOptions {
  /** `aws`: apply the AWS outbound-token checks. Default: applied when the expression reads the AWS claims namespace. */
  readonly provider?: 'aws';
}

type Expr = ReturnType<typeof parse>['expr'];

const AWS_CONTEXT_KEYS = new Set(['aws_account', 'source_region', 'org_id', 'ou_path', 'principal_tags', 'request_tags', 'source_identity']);
const LOOSE_MATCHERS = new Set(['startsWith', 'endsWith', 'matches', 'contains']);

function positionAt(text: string, offset: number): LintPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - before.lastIndexOf('\n') };
}

/** The access path of `claims…` as keys, e.g. ['https://sts.amazonaws.com/', 'aws_account']; undefined if not a claims path. */
function claimPath(e: Expr | undefined): string[] | undefined {
  if (!e) return undefined;
  const k = e.exprKind;
  if (k.case === 'identExpr') return k.value.name === 'claims' ? [] : undefined;
  if (k.case === 'selectExpr' && !k.value.testOnly) {
    const base = claimPath(k.value.operand);
    return base ? [...base, k.value.field] : undefined;
  }
  if (k.case === 'callExpr' && k.value.function === '_[_]' && k.value.args.length === 2) {
    const base = claimPath(k.value.args[0]);
    const key = k.value.args[1].exprKind;
    return base && key.case === 'constExpr' && key.value.constantKind.case === 'stringValue' ? [...base, key.value.constantKind.value] : undefined;
  }
  return undefined;
}

function isLiteral(e: Expr | undefined): boolean {
  if (!e) return false;
  const k = e.exprKind;
  if (k.case === 'constExpr') return true;
  return k.case === 'listExpr' && k.value.elements.every(isLiteral);
}

function samePath(p: string[] | undefined, want: readonly string[]): boolean {
  return p !== undefined && p.length === want.length && p.every((s, i) => s === want[i]);
}

const ACCOUNT: readonly string[] = [AWS_CLAIMS_NAMESPACE, 'aws_account'];
const SUB: readonly string[] = ['sub'];

function call(e: Expr, fn: string): Expr[] | undefined {
  const k = e.exprKind;
  return k.case === 'callExpr' && k.value.function === fn ? k.value.args : undefined;
}

/** Flatten a chain of one binary logical operator. */
function operands(e: Expr, fn: '_&&_' | '_||_'): Expr[] {
  const args = call(e, fn);
  return args ? args.flatMap((a) => operands(a, fn)) : [e];
}

/** `path == literal`, `literal == path` or `path in [literals]`. */
function bindsExactly(e: Expr, want: readonly string[]): boolean {
  const eq = call(e, '_==_');
  if (eq) return (samePath(claimPath(eq[0]), want) && isLiteral(eq[1])) || (samePath(claimPath(eq[1]), want) && isLiteral(eq[0]));
  const inn = call(e, '@in');
  return inn !== undefined && samePath(claimPath(inn[0]), want) && isLiteral(inn[1]);
}

/** `path.startsWith(…)` etc. */
function matchesLoosely(e: Expr, want: readonly string[]): boolean {
  const k = e.exprKind;
  return k.case === 'callExpr' && LOOSE_MATCHERS.has(k.value.function) && samePath(claimPath(k.value.target), want);
}

/** True when every way of satisfying `e` pins `want` (conjunct of an && chain, or every branch of an ||). */
function pins(e: Expr, test: (c: Expr) => boolean): boolean {
  const ors = operands(e, '_||_');
  if (ors.length > 1) return ors.every((o) => pins(o, test));
  return operands(e, '_&&_').some((c) => (call(c, '_||_') ? pins(c, test) : test(c)));
}

function walk(e: Expr | undefined, visit: (e: Expr) => void): void {
  if (!e) return;
  visit(e);
  const k = e.exprKind;
  switch (k.case) {
    case 'selectExpr':
      walk(k.value.operand, visit);
      break;
    case 'callExpr':
      walk(k.value.target, visit);
      k.value.args.forEach((a) => walk(a, visit));
      break;
    case 'listExpr':
      k.value.elements.forEach((a) => walk(a, visit));
      break;
    case 'structExpr':
      k.value.entries.forEach((en) => {
        if (en.keyKind.case === 'mapKey') walk(en.keyKind.value, visit);
        walk(en.value, visit);
      });
      break;
    case 'comprehensionExpr':
      [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach((a) => walk(a, visit));
      break;
    default:
      break;
  }
}

function findExpr(e: Expr | undefined, id: bigint): Expr | undefined {
  let hit: Expr | undefined;
  walk(e, (x) => {
    if (hit === undefined && x.id === id) hit = x;
  });
  return hit;
}

/**
 * What cel-go's checker refuses (CEL_TYPE_ERROR), and what it accepts but always fails because a
 * numeric claim is a double (CEL_NUMERIC_CLAIM_IS_DOUBLE: the same check, with those claims typed).
 */
function typeFindings(expression: string, parsed: ReturnType<typeof parse>): LintFinding[] {
  const out: LintFinding[] = [];
  const at = (offset: number | undefined): { position?: LintPosition } => (offset === undefined ? {} : { position: positionAt(expression, sourceOffset(expression, offset)) });
  const plain = checkTrustExpression(parsed);
  for (const issue of plain.issues) {
    out.push({
      code: 'CEL_TYPE_ERROR',
      severity: 'error',
      message: `C1 (cel-go) refuses the expression: ${issue.message}.`,
      fix: 'compare values of one type (1 == 1, "a" == "a"; convert with int(), double(), string()), and use only claims, the standard CEL functions and declared names',
      stage: 'compile',
      ...at(issue.offset),
    });
  }
  if (plain.issues.length > 0) return out;
  const hinted = checkTrustExpression(parsed, { hints: Object.fromEntries(NUMERIC_CLAIMS.map((c) => [c, 'double' as const])) });
  for (const issue of hinted.issues) {
    const names = new Set<string>();
    walk(findExpr(parsed.expr, issue.exprId), (e) => {
      const p = claimPath(e);
      if (p !== undefined && p.length === 1 && NUMERIC_CLAIMS.includes(p[0])) names.add(p[0]);
    });
    const claim = names.size > 0 ? [...names][0] : 'iat';
    out.push({
      code: 'CEL_NUMERIC_CLAIM_IS_DOUBLE',
      severity: 'error',
      message: `claims.${claim} is a JSON number, which C1 (cel-go) reads as a double, so this fails on every token: ${issue.message}.`,
      fix: `convert it to an int first: int(claims.${claim}) + 600, timestamp(int(claims.${claim})); or use double literals: claims.${claim} + 600.0`,
      stage: 'evaluate',
      ...at(issue.offset),
    });
  }
  // string() of a JSON number is Go's %g in cel-go: string(claims.iat) is "1.7e+09", never "1700000000".
  walk(parsed.expr, (e) => {
    const k = e.exprKind;
    if (k.case !== 'callExpr' || k.value.function !== 'string' || k.value.target !== undefined || k.value.args.length !== 1) return;
    const p = claimPath(k.value.args[0]);
    if (p === undefined || p.length !== 1 || !NUMERIC_CLAIMS.includes(p[0])) return;
    out.push({
      code: 'CEL_NUMERIC_CLAIM_IS_DOUBLE',
      severity: 'warning',
      message: `claims.${p[0]} is a JSON number, which C1 (cel-go) reads as a double: string(claims.${p[0]}) formats it as Go's %g (1700000000 becomes "1.7e+09"), so comparing it with digits never matches.`,
      fix: `convert it to an int first: string(int(claims.${p[0]})), or compare numbers: claims.${p[0]} == 1700000000`,
      ...at(positionOf(parsed, e)),
    });
  });
  return out;
}

function positionOf(parsed: ReturnType<typeof parse>, e: Expr): number | undefined {
  const off = ((parsed.sourceInfo?.positions ?? {}) as Record<string, number>)[String(e.id)];
  return typeof off === 'number' ? off : undefined;
}

/** Lint a trust condition; an empty list means no findings. */
export function lintTrust(expression: string, options: LintOptions = {}): LintFinding[] {
  const findings: LintFinding[] = [];
  const bytes = celByteLength(expression);
  if (bytes > CEL_MAX_BYTES) {
    findings.push({
      code: 'CEL_TOO_LONG',
      severity: 'error',
      message: `The expression is ${bytes} bytes; C1 accepts at most ${CEL_MAX_BYTES}.`,
      fix: 'shorten it: use `claims.sub in [...]` for several roles, drop redundant conditions, or split into several trusts',
      stage: 'compile',
    });
  }
  let root: Expr;
  let positions: Record<string, number> = {};
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
    root = parsed.expr;
    positions = (parsed.sourceInfo?.positions ?? {}) as Record<string, number>;
  } catch (err: unknown) {
    const loc = (err as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    findings.push({
      code: 'CEL_PARSE_ERROR',
      severity: 'error',
      message: `The expression does not parse: ${(err as Error).message}`,
      fix: 'correct the syntax at the position shown (CEL: ==, &&, ||, "strings", claims["key"] for keys with special characters)',
      stage: 'compile',
      ...(typeof loc === 'number' ? { position: positionAt(expression, loc) } : {}),
    });
    return findings;
  }
  const tooDeep = recursionLimitError(expression, parsed);
  if (tooDeep !== undefined) {
    findings.push({
      code: 'CEL_PARSE_ERROR',
      severity: 'error',
      message: `The expression does not parse in C1 (cel-go): ${tooDeep}`,
      fix: 'flatten the nesting: fewer parentheses or nested lists, `claims.sub in [...]` instead of long operator chains',
      stage: 'compile',
    });
    return findings;
  }
  findings.push(...typeFindings(expression, parsed));
  const at = (e: Expr): LintPosition | undefined => {
    const off = positions[String(e.id)];
    return typeof off === 'number' ? positionAt(expression, off) : undefined;
  };

  let readsNamespace = false;
  walk(root, (e) => {
    const p = claimPath(e);
    if (p && p[0] === AWS_CLAIMS_NAMESPACE) readsNamespace = true;
  });
  if (options.provider !== 'aws' && !readsNamespace) return findings;

  walk(root, (e) => {
    const p = claimPath(e);
    if (p && p.length === 1 && AWS_CONTEXT_KEYS.has(p[0])) {
      const pos = at(e);
      findings.push({
        code: 'CEL_AWS_CLAIM_NOT_NAMESPACED',
        severity: 'warning',
        message: `claims.${p[0]} is never present: AWS puts ${p[0]} under the "${AWS_CLAIMS_NAMESPACE}" claim.`,
        fix: `write claims["${AWS_CLAIMS_NAMESPACE}"]["${p[0]}"]`,
        ...(pos ? { position: pos } : {}),
      });
    }
  });

  const accountPinned = pins(root, (c) => bindsExactly(c, ACCOUNT));
  const subPinned = pins(root, (c) => bindsExactly(c, SUB) || matchesLoosely(c, SUB));
  if (!accountPinned) {
    findings.push({
      code: 'CEL_NO_ACCOUNT_BINDING',
      severity: 'warning',
      message: 'The condition does not require a specific AWS account: tokens from any account whose principal matches the rest are accepted.',
      fix: `add && claims["${AWS_CLAIMS_NAMESPACE}"]["aws_account"] == "<12-digit account id>"`,
    });
  }
  if (!subPinned) {
    findings.push({
      code: 'CEL_NO_SUB_BINDING',
      severity: 'warning',
      message: 'The condition does not require a specific principal (claims.sub): every role in the account that may call sts:GetWebIdentityToken is accepted.',
      fix: 'add && claims.sub == "arn:aws:iam::<account>:role/<workload role>" (or claims.sub in [...])',
    });
  }
  const disjuncts = operands(root, '_||_');
  if (disjuncts.length > 1) {
    const widening = disjuncts.filter((d) => !(pins(d, (c) => bindsExactly(c, ACCOUNT)) && pins(d, (c) => bindsExactly(c, SUB))));
    if (widening.length > 0) {
      const pos = at(widening[0]);
      findings.push({
        code: 'CEL_TOP_LEVEL_OR',
        severity: 'warning',
        message: `The condition is an || at the top level, and ${widening.length} of its ${disjuncts.length} branches accept a token without pinning both the account and claims.sub.`,
        fix: 'put the account binding outside: <account binding> && (<branch> || <branch>), or use claims.sub in [...]',
        ...(pos ? { position: pos } : {}),
      });
    }
  }
  if (!accountPinned) {
    walk(root, (e) => {
      if (matchesLoosely(e, SUB)) {
        const k = e.exprKind;
        const pos = at(e);
        findings.push({
          code: 'CEL_SUB_PREFIX_WITHOUT_ACCOUNT',
          severity: 'warning',
          message: `claims.sub is matched with ${k.case === 'callExpr' ? k.value.function : 'a pattern'}() while no account is pinned: a role with a matching name in another account is accepted.`,
          fix: `pin the account too: claims["${AWS_CLAIMS_NAMESPACE}"]["aws_account"] == "<12-digit account id>" && …`,
          ...(pos ? { position: pos } : {}),
        });
      }
    });
  }
  return findings;
}
