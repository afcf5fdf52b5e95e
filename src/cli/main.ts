#!/usr/bin/env node
/** The `c1-aws` command. Each subcommand lives in src/cli/commands/<name>.ts and exports `register`. */
import { Command } from 'commander';
import { register as registerToken } from './commands/token';
import { register as registerValidate } from './commands/validate';
import { register as registerCheckHeaders } from './commands/check-headers';
import { register as registerDemo } from './commands/demo';
import { register as registerSandbox } from './commands/sandbox';
import { register as registerModules } from './commands/modules';

export function buildProgram(): Command {
  const program = new Command('c1-aws')
    .description('Connect an AWS account to C1 (ConductorOne) as code, and prove that the connection works.')
    .showHelpAfterError();
  // Subcommands register themselves here (one line each).
  registerToken(program);
  registerValidate(program);
  registerCheckHeaders(program);
  registerDemo(program);
  registerSandbox(program);
  registerModules(program);
  return program;
}

/** Parse and run; usage and environment errors exit 2 with the error's code and message. */
export async function run(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (err: unknown) {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`c1-aws: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void run(process.argv);
