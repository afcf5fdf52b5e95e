#!/usr/bin/env node
/**
 * The `c1-aws` command.
 *
 * Each subcommand lives in src/cli/commands/<name>.ts, exports `register(program)`, and is listed once
 * in COMMANDS below. A command's module (and everything it imports: the AWS SDK, cdktf, jose, CEL…) is
 * loaded only when that command runs or its help is asked for; every other command is declared by a
 * light stub (name and summary), so `c1-aws --help` and each command start fast.
 *
 * Exit codes: 0 success, 1 a blocking finding (validate, check-headers, modules check), 2 a usage or
 * environment error. Every usage error is one line on stderr with a hint; with `--json` in the
 * arguments it is also a JSON object on stdout: {"exitCode":2,"error":{"code","message","fix"}}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { C1AwsError } from '../errors';

/** What a command module exports. */
export interface CommandModule {
  register(program: Command): void;
}

/** One line per command: its name, the summary shown by `c1-aws --help`, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'check a synthesized stack or plan, and with --live the deployed account and tenant', load: () => import('./commands/validate') },
  { name: 'token', summary: "print a C1 access token for this AWS workload (no secrets: the workload's AWS identity)", load: () => import('./commands/token') },
  { name: 'check-headers', summary: "check a received message's SPF, DKIM and DMARC results", load: () => import('./commands/check-headers') },
  { name: 'sandbox', summary: 'run a local AWS account and C1 tenant on 127.0.0.1 for terraform (aws + c1 providers) and the SDKs', load: () => import('./commands/sandbox') },
  { name: 'demo', summary: 'run the whole integration locally against the sandboxes, then validate it', load: () => import('./commands/demo') },
  { name: 'modules', summary: 'generate the Terraform modules from the constructs, or check them for drift', load: () => import('./commands/modules') },
  { name: 'provider', summary: 'install the C1 Terraform provider into a filesystem mirror, or print its schema', load: () => import('./commands/provider') },
];

const PROGRAM = 'c1-aws';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const processIo: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** The version of the installed package (the nearest package.json named c1-aws above this file). */
export function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PROGRAM && typeof pkg.version === 'string') return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/** The arguments before `--` (after it everything is an operand). */
function optionArgs(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end === -1 ? args : args.slice(0, end);
}

/** The command the arguments name (`c1-aws help <cmd>` names <cmd>); undefined for none. Top-level options take no value. */
export function targetCommand(args: readonly string[]): string | undefined {
  const operands = optionArgs(args).filter((a) => !a.startsWith('-'));
  if (operands[0] === 'help') return operands[1];
  return operands[0];
}

/** The full name of a command, e.g. `c1-aws modules check`. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** An error the user caused by how they called c1-aws: exit 2, one line, a hint. */
class UsageError extends Error {
  constructor(
    message: string,
    public readonly hint: string,
  ) {
    super(message);
  }
}

/** Help or version was printed: stop, exit 0. */
class Displayed extends Error {}

/** Commander's message as one line without its `error: ` prefix; its suggestion kept. */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*\(Did you mean ([^)]*)\)/, ', did you mean $1')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Route commander's errors and help to `io`, and turn its exits into exceptions, on `cmd` and below. */
function contract(cmd: Command, io: CliIo): void {
  cmd.configureOutput({
    writeOut: (s) => io.stdout(s),
    // Errors are printed by run() (one line); the help commander prints on error is dropped.
    writeErr: () => undefined,
    outputError: () => undefined,
  });
  cmd.showHelpAfterError(false);
  cmd.exitOverride((err: CommanderError) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0)) throw new Displayed();
    const self = commandPath(cmd);
    if (err.code === 'commander.help') {
      // A command that needs a subcommand was called without one.
      const names = cmd.commands.map((c) => c.name());
      throw new UsageError(`missing command: ${self} <${names.join('|')}>`, `run '${self} --help'`);
    }
    // `--externl-id=<value>`: commander repeats the whole argument; the value may be a secret.
    const message = err.code === 'commander.unknownOption' ? err.message.replace(/'(-[^'=\s]*)=[^']*'/g, "'$1=…'") : err.message;
    throw new UsageError(oneLine(message), `run '${self} --help'`);
  });
  for (const sub of cmd.commands) contract(sub, io);
}

/**
 * The program, with `target` (a command name) registered in full and the others as stubs. Only the
 * target's module is loaded.
 */
export async function buildProgram(target: string | undefined, io: CliIo = processIo, commands: readonly CommandEntry[] = COMMANDS): Promise<Command> {
  const program = new Command(PROGRAM)
    .description('Connect an AWS account to C1 (ConductorOne) as code, and prove that the connection works.')
    .version(packageVersion(), '-V, --version', 'print the version of c1-aws')
    .addHelpText('after', `\nExit codes: 0 success, 1 a blocking finding, 2 a usage or environment error.\nRun '${PROGRAM} <command> --help' for a command's options.`);
  for (const entry of commands) {
    if (entry.name === target) {
      (await entry.load()).register(program);
      const cmd = program.commands.find((c) => c.name() === entry.name);
      if (!cmd) throw new Error(`src/cli/commands module for '${entry.name}' registered no command named '${entry.name}'`);
      cmd.summary(entry.summary);
    } else {
      // A stub: listed in the help and used for suggestions; never run (run() loads the real one).
      program.command(entry.name).summary(entry.summary).description(entry.summary);
    }
  }
  contract(program, io);
  return program;
}

interface RenderedError {
  readonly code: string;
  /** The error without its fix. */
  readonly message: string;
  /** What to do: the error's own fix, or where to read the usage. */
  readonly fix: string;
  /** The line printed on stderr (without the program name). */
  readonly line: string;
}

function flat(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

function render(err: unknown, usageHint: string): RenderedError {
  if (err instanceof UsageError) return { code: 'C1AWS_USAGE', message: err.message, fix: err.hint, line: `${err.message} (${err.hint})` };
  if (err instanceof C1AwsError) {
    const suffix = err.fix ? ` Fix: ${err.fix}` : '';
    const message = flat(suffix && err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message);
    const fix = err.fix ? flat(err.fix) : usageHint;
    const tag = err.code === 'C1AWS_USAGE' ? '' : `[${err.code}] `;
    return { code: err.code, message, fix, line: err.fix ? `${tag}${message} Fix: ${fix}` : `${tag}${message} (${fix})` };
  }
  const fsErr = err as Partial<NodeJS.ErrnoException>;
  if (typeof fsErr.code === 'string' && /^E[A-Z]+$/.test(fsErr.code) && typeof fsErr.syscall === 'string' && typeof fsErr.path === 'string') {
    // A file-system call on a path the user gave (--dir, an output folder): an input problem, not a bug.
    const why = flat(typeof fsErr.message === 'string' ? fsErr.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : fsErr.code);
    const message = `cannot ${fsErr.syscall} ${fsErr.path}: ${why} (${fsErr.code}).`;
    const fix = 'give a path in a folder you may write to, on a regular file system (not /proc or /sys)';
    return { code: 'C1AWS_FILE_SYSTEM', message, fix, line: `[C1AWS_FILE_SYSTEM] ${message} Fix: ${fix}` };
  }
  const e = err as { message?: unknown };
  const message = `unexpected error: ${flat(typeof e?.message === 'string' ? e.message : String(err))}`;
  const fix = 'set C1AWS_DEBUG=1 for the stack trace, and report it';
  return { code: 'C1AWS_INTERNAL', message, fix, line: `${message} (${fix})` };
}

/**
 * Parse `argv` (process.argv layout) and run the command. Returns the exit code (also set on
 * process.exitCode). Usage and environment errors: 2, one line on stderr (`c1-aws: … (hint)`), and a
 * JSON object on stdout when `--json` is among the options.
 */
export async function run(argv: readonly string[], io: CliIo = processIo, commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  const args = argv.slice(2);
  const json = optionArgs(args).includes('--json');
  let running: Command | undefined;
  try {
    const operands = optionArgs(args).filter((a) => !a.startsWith('-'));
    if (operands[0] === 'help' && operands[1] !== undefined && !commands.some((c) => c.name === operands[1])) throw new UsageError(`unknown command '${operands[1]}'`, `run '${PROGRAM} --help'`);
    const program = await buildProgram(targetCommand(args), io, commands);
    program.hook('preAction', (_self, actionCommand) => {
      running = actionCommand;
    });
    await program.parseAsync([...args], { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    process.exitCode = code;
    return code;
  } catch (err: unknown) {
    if (err instanceof Displayed) {
      process.exitCode = 0;
      return 0;
    }
    const target = targetCommand(args);
    const usageHint = running ? `run '${commandPath(running)} --help'` : `run '${PROGRAM}${target && commands.some((c) => c.name === target) ? ` ${target}` : ''} --help'`;
    const r = render(err, usageHint);
    io.stderr(`${PROGRAM}: ${r.line}\n`);
    if (r.code === 'C1AWS_INTERNAL' && process.env.C1AWS_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    if (json) io.stdout(`${JSON.stringify({ exitCode: 2, error: { code: r.code, message: r.message, fix: r.fix } }, null, 2)}\n`);
    process.exitCode = 2;
    return 2;
  }
}

if (require.main === module) void run(process.argv);
