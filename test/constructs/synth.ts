/** Shared helpers for the construct tests: a stack with an aws provider, synthesized with validations on. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Testing, TerraformStack } from 'cdktf';
import { ConstructValidationError } from '../../src/constructs';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestStack {
  readonly app: App;
  readonly stack: TerraformStack;
}

export function newStack(app: App = Testing.app(), id = 'stack', region = 'us-east-1'): TestStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region });
  return { app, stack };
}

/** Synthesize with cdktf's validations on, parsed. */
export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack, true)) as Json;
}

/** Resource addresses (`type.name`) of a synthesized stack, sorted. */
export function addresses(tf: Json): string[] {
  const out: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((tf[kind] ?? {}) as Json)) {
      for (const name of Object.keys(byName as Json)) out.push(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
    }
  }
  return out.sort();
}

/** Run `fn`, expect a ConstructValidationError, return it. */
export function validationError(fn: () => unknown): ConstructValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConstructValidationError) return e;
    throw new Error(`expected a ConstructValidationError, got ${String(e)}`);
  }
  throw new Error('expected a ConstructValidationError, nothing was thrown');
}
