/** Validation errors thrown by the constructs: stable code, construct path, prop, bad value, rule and fix. */
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { C1AwsError } from '../errors';
import { InputRule, redact } from '../policy/rules';

export class ConstructValidationError extends C1AwsError {
  /** Path of the construct in the app, e.g. `stack/ses`. */
  public readonly constructPath: string;
  /** The prop that is wrong, e.g. `externalId`. */
  public readonly prop: string;
  /** The bad value as shown to users (secrets redacted). */
  public readonly value: string;

  constructor(scope: IConstruct, prop: string, shownValue: string, code: string, requirement: string, fix: string) {
    super(code, `${scope.node.path}: prop "${prop}" is ${shownValue}, but it must be ${requirement}.`, { fix });
    this.constructPath = scope.node.path;
    this.prop = prop;
    this.value = shownValue;
  }
}

export interface CheckOptions {
  /** Redact the value in the error (External IDs). @default false */
  readonly secret?: boolean;
  /** What to do about it. @default "set `<prop>` to <requirement>" */
  readonly fix?: string;
}

function show(value: unknown, secret: boolean | undefined): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return secret ? `"${redact(value)}"` : JSON.stringify(value);
}

/** Throw unless `value` satisfies `rule`; unresolved tokens are skipped (checked by Terraform at plan time). */
export function checkRule(scope: IConstruct, prop: string, value: string | undefined, rule: InputRule, options: CheckOptions = {}): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!rule.test(value)) {
    throw new ConstructValidationError(scope, prop, show(value, options.secret), rule.code, rule.requirement, options.fix ?? `set ${prop} to ${rule.requirement}`);
  }
}

/** Throw unless `condition` holds for a resolved value. */
export function checkValue(
  scope: IConstruct,
  prop: string,
  value: unknown,
  ok: boolean,
  code: string,
  requirement: string,
  options: CheckOptions = {},
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!ok) throw new ConstructValidationError(scope, prop, show(value, options.secret), code, requirement, options.fix ?? `set ${prop} to ${requirement}`);
}
