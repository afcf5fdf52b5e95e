import type { parse } from '@bufbuild/cel';

/** C1's limit on a trust's CEL condition, in UTF-8 bytes. */
export const CEL_MAX_BYTES = 1024;

export function celByteLength(expression: string): number {
  return Buffer.byteLength(expression, 'utf8');
}

/**
 * cel-go's parser refuses expressions nested deeper than 250 levels of one grammar rule
 * (parser/parser.go: recursionListener and checkAndIncrementRecursionDepth, maxRecursionDepth
 * default 250): "expression recursion limit exceeded: 250". Within 1,024 bytes that takes hostile
 * input (250 nested parentheses or lists, a chain of 249 `+` or `.`); bufbuild's parser accepts it.
 * This approximates cel-go's count: the nesting of brackets (each opens the `expr` rule again),
 * and the longest chain of arithmetic, relational or member operators (left-recursive rules).
 */
export const CEL_MAX_RECURSION = 250;

type Expr = ReturnType<typeof parse>['expr'];

const CALC = new Set(['_+_', '_-_', '_*_', '_/_', '_%_']);
const RELATION = new Set(['_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '@in']);

/** Bracket nesting outside string and bytes literals. */
function bracketDepth(expression: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '"' || c === "'") {
      const triple = expression.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += triple ? 3 : 1;
      while (i < expression.length && !expression.startsWith(close, i)) {
        if (expression[i] === '\\') i++;
        if (!triple && expression[i] === '\n') break;
        i++;
      }
      i += close.length - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      max = Math.max(max, ++depth);
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    }
  }
  return max;
}

type Chains = [calc: number, relation: number, member: number];
const deeper = (a: Chains, b: Chains): Chains => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.max(a[2], b[2])];

/** Longest chains of arithmetic, relational and member nodes along a path of the AST. */
function chainDepth(e: Expr | undefined, at: Chains = [0, 0, 0]): Chains {
  if (e === undefined) return at;
  const k = e.exprKind;
  switch (k.case) {
    case 'selectExpr':
      return chainDepth(k.value.operand, [at[0], at[1], at[2] + 1]);
    case 'callExpr': {
      const fn = k.value.function;
      const here: Chains = [at[0] + (CALC.has(fn) ? 1 : 0), at[1] + (RELATION.has(fn) ? 1 : 0), at[2] + (fn === '_[_]' || k.value.target !== undefined ? 1 : 0)];
      let max = here;
      if (k.value.target !== undefined) max = deeper(max, chainDepth(k.value.target, here));
      for (const a of k.value.args) max = deeper(max, chainDepth(a, here));
      return max;
    }
    case 'listExpr':
      return k.value.elements.reduce((m, el) => deeper(m, chainDepth(el)), at);
    case 'structExpr':
      return k.value.entries.reduce((m, en) => deeper(deeper(m, en.keyKind.case === 'mapKey' ? chainDepth(en.keyKind.value) : m), chainDepth(en.value)), at);
    case 'comprehensionExpr':
      return deeper(deeper(chainDepth(k.value.iterRange, at), chainDepth(k.value.loopStep)), chainDepth(k.value.result));
    default:
      return at;
  }
}

/** cel-go's parse error for an expression nested past its recursion limit, or undefined. */
export function recursionLimitError(expression: string, parsed: ReturnType<typeof parse>): string | undefined {
  // k nested brackets open the `expr` rule k + 1 times; a chain of k binary operators opens its
  // rule k + 2 times (the right operand is parsed inside it); k selections open `member` k + 1 times
  const [calc, relation, member] = chainDepth(parsed.expr);
  if (bracketDepth(expression) + 1 > CEL_MAX_RECURSION || Math.max(calc, relation) + 2 > CEL_MAX_RECURSION || member + 1 > CEL_MAX_RECURSION) {
    return `<input>:-1:0: expression recursion limit exceeded: ${CEL_MAX_RECURSION}`;
  }
  return undefined;
}
