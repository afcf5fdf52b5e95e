/** The findings every policy check shares for a policy it cannot take at face value. */
import { PolicyDocument } from '../../policy/types';
import { FindingSink } from '../findings';
import { ParsedPolicy } from './model';

/**
 * Report why `parsed` cannot be trusted as is, and return the document to check (also when it holds a
 * duplicate key: it is then checked as IAM would read it, last value wins, after the error).
 * `unreadableCode` is the check's own code for a Terraform expression it cannot evaluate.
 */
export function policyToCheck(sink: FindingSink, parsed: ParsedPolicy, address: string, what: string, unreadableCode: string): PolicyDocument | undefined {
  if (parsed.ok) {
    for (const d of parsed.duplicates) {
      sink.error('POLICY_DUPLICATE_KEY', `the ${what} is ambiguous: ${d} occurs twice in one object, and tools disagree on which value counts`, 'remove the duplicate key so the document says one thing', address);
    }
    return parsed.document;
  }
  if (parsed.kind === 'malformed') sink.error('POLICY_MALFORMED', `the ${what}: ${parsed.reason.replace(/^the policy /, '')}`, 'write the document as IAM requires: Statement a list of objects with Effect, Action and (for trusts) Principal; Condition an object of operator → {key: value}', address);
  else if (parsed.kind === 'unknown') {
    sink.warn('POLICY_UNKNOWN_UNTIL_APPLY', `the ${what} is not checkable before apply: ${parsed.reason}`, 'after apply, check the deployed policies with `c1-aws validate --live` (or validate `terraform show -json` of the state)', address);
  } else sink.warn(unreadableCode, `the ${what} cannot be checked statically: ${parsed.reason}`, 'validate the plan instead (`terraform show -json plan.out > plan.json`: Terraform resolves the expression), or run `c1-aws validate --live` after apply', address);
  return undefined;
}
