/** Lint of the C1 trust expression (from --trust-expression or the stack's trust-expression outputs) with src/cel. */
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { StaticInput } from './inputs';

export const CEL_CHECK_ID = 'trust-expression';

/** Outputs that hold a trust expression (named *trust*expression*, or a string reading `claims`). */
export function trustExpressionsOf(input: StaticInput | undefined): { where: string; expression: string }[] {
  if (!input) return [];
  const out: { where: string; expression: string }[] = [];
  for (const [k, v] of Object.entries(input.outputs)) {
    if (typeof v === 'string' && (/trust.?expression|trust.?condition/i.test(k) || /^\s*claims[.[]/.test(v))) out.push({ where: `output.${k}`, expression: v });
  }
  return out;
}

export function celCheck(input: StaticInput | undefined, trustExpression?: string): Check {
  return {
    id: CEL_CHECK_ID,
    title: 'C1 trust expression (CEL lint)',
    async run(): Promise<CheckOutcome> {
      const all = trustExpressionsOf(input);
      // An output that is one whole Terraform expression (a module building it from variables) is known only in the plan.
      const exprs = trustExpression !== undefined ? [{ where: '--trust-expression', expression: trustExpression }] : all.filter((e) => !/^\$\{[\s\S]*\}$/.test(e.expression.trim()));
      if (exprs.length === 0 && all.length > 0) throw new SkipCheck(`the trust expression (${all.map((e) => e.where).join(', ')}) is a Terraform expression: lint it in the plan JSON, or pass --trust-expression`);
      if (exprs.length === 0) throw new SkipCheck('no trust expression (pass --trust-expression, or a stack with a trust-expression output)');
      const sink = new FindingSink(CEL_CHECK_ID);
      // Loaded only when there is an expression to lint: @bufbuild/cel costs start-up time for every other run.
      const { lintTrust } = await import('../../cel/lint');
      for (const e of exprs) {
        for (const f of lintTrust(e.expression, { provider: 'aws' })) {
          const pos = f.position ? ` (line ${f.position.line}, column ${f.position.column})` : '';
          sink.add(f.code, f.severity, `${f.message}${pos}`, f.fix, e.where);
        }
      }
      return outcome(sink, `${exprs.length} expression(s) bind the account and the role`, `${exprs.length} expression(s)`);
    },
  };
}
