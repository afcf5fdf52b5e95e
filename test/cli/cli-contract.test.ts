/**
 * The program-level contract of `c1-aws`: exit codes, one-line usage errors with a hint (JSON with
 * --json), --help/--version, one table entry per command loaded only when it runs, and the bin's choice
 * of compiled code (never a stale dist/ in a checkout).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { C1AwsError } from '../../src/errors';
import { COMMANDS, buildProgram, packageVersion, run, targetCommand, type CommandEntry } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'src', 'cli', 'c1-aws.cjs');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'c1-aws', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Commands that fail on purpose: one with a C1AwsError (as commands report bad input), one with a bug. */
const FAILING: readonly CommandEntry[] = [
  {
    name: 'fail',
    summary: 'fails with a C1AwsError',
    load: async () => ({
      register: (program: Command): void => {
        program
          .command('fail')
          .option('--json', 'JSON')
          .action(() => {
            throw new C1AwsError('C1AWS_EXAMPLE', 'input.json is not valid JSON.', { fix: 'save it with `terraform show -json`' });
          });
      },
    }),
  },
  {
    name: 'crash',
    summary: 'fails with a bug',
    load: async () => ({
      register: (program: Command): void => {
        program.command('crash').action(() => {
          throw new Error('boom');
        });
      },
    }),
  },
];

async function failing(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'c1-aws', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, FAILING);
  return { code, stdout, stderr };
}

afterEach(() => {
  // run() sets process.exitCode as the bin needs; the test process must not inherit it.
  process.exitCode = undefined;
});

describe('the command table', () => {
  test('names are unique and each module registers exactly the command its entry names', async () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const entry of COMMANDS) {
      const program = await buildProgram(entry.name, { stdout: () => undefined, stderr: () => undefined });
      expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
      const cmd = program.commands.find((c) => c.name() === entry.name);
      // The real registration (options, or subcommands), not the stub.
      expect({ name: entry.name, real: (cmd?.options.length ?? 0) + (cmd?.commands.length ?? 0) > 0 }).toEqual({ name: entry.name, real: true });
    }
  });

  test('the command is the first operand; `help <cmd>` names <cmd>', () => {
    expect(targetCommand(['validate', 'cdktf.out'])).toBe('validate');
    expect(targetCommand(['--json', 'validate'])).toBe('validate');
    expect(targetCommand(['help', 'token'])).toBe('token');
    expect(targetCommand(['--help'])).toBeUndefined();
    expect(targetCommand(['--', 'validate'])).toBeUndefined();
  });

  test('`c1-aws --help` loads none of the AWS SDK, cdktf, jose, CEL or mailauth (each command loads its own)', () => {
    const heavy = String.raw`/node_modules/(@aws-sdk|@smithy|cdktf|@cdktf|constructs|jose|@bufbuild|mailauth)/`;
    const probe = (args: string[], extra = ''): string[] => {
      const script = `${extra}require(${JSON.stringify(path.join(ROOT, 'src', 'cli', 'main.ts'))}).run(['node', 'c1-aws', ...${JSON.stringify(args)}], { stdout() {}, stderr() {} }).then(() => { process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => new RegExp(${JSON.stringify(heavy)}).test(k)))); process.exitCode = 0; });`;
      const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as string[];
    };
    expect(probe(['--help'])).toEqual([]);
    expect(probe(['--version'])).toEqual([]);
    expect(probe(['no-such-command'])).toEqual([]);
    // Control: the probe does see such a package when one is loaded.
    expect(probe(['--help'], "require('@aws-sdk/client-sts');").length).toBeGreaterThan(0);
  });
});

describe('help and version', () => {
  test('--help lists every command with its summary and the exit codes, on stdout, exit 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n  ${c.name} +${c.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(r.stdout).toContain('Exit codes: 0 success, 1 a blocking finding, 2 a usage or environment error.');
  });

  test('--version and -V print the version in package.json', async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(packageVersion()).toBe(version);
    expect(await cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await cli('-V')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('`<cmd> --help` and `help <cmd>` print the command help, exit 0', async () => {
    for (const args of [['validate', '--help'], ['help', 'validate']]) {
      const r = await cli(...args);
      expect(r).toEqual({ code: 0, stdout: expect.stringContaining('Usage: c1-aws validate'), stderr: '' });
      expect(r.stdout).toContain('--external-id');
    }
  });
});

describe('usage errors exit 2 with one line and a hint', () => {
  const oneLine = (r: Outcome, expected: string): void => {
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${expected}\n` });
  };

  test.each([
    [['--no-such-option'], "c1-aws: unknown option '--no-such-option' (run 'c1-aws --help')"],
    [['no-such-command'], "c1-aws: unknown command 'no-such-command' (run 'c1-aws --help')"],
    [['valdate'], "c1-aws: unknown command 'valdate', did you mean validate? (run 'c1-aws --help')"],
    [['help', 'no-such-command'], "c1-aws: unknown command 'no-such-command' (run 'c1-aws --help')"],
    [[], `c1-aws: missing command: c1-aws <${COMMANDS.map((c) => c.name).join('|')}> (run 'c1-aws --help')`],
    [['modules'], "c1-aws: missing command: c1-aws modules <generate|check> (run 'c1-aws modules --help')"],
    [['modules', 'nope'], "c1-aws: unknown command 'nope' (run 'c1-aws modules --help')"],
    [['modules', 'check', '--no-such-option'], "c1-aws: unknown option '--no-such-option' (run 'c1-aws modules check --help')"],
    [['validate', '--externl-id=a1b2c3d4e5f6a7b8c9d0'], "c1-aws: unknown option '--externl-id=…' (run 'c1-aws validate --help')"],
    [['validate', '--jsn'], "c1-aws: unknown option '--jsn', did you mean --json? (run 'c1-aws validate --help')"],
    [['validate', '--stack'], "c1-aws: option '--stack <name>' argument missing (run 'c1-aws validate --help')"],
    [['validate', 'a', 'b'], "c1-aws: too many arguments for 'validate'. Expected 1 argument but got 2. (run 'c1-aws validate --help')"],
    [['token'], "c1-aws: required option '--client-id <id>' not specified (run 'c1-aws token --help')"],
    [['check-headers'], "c1-aws: missing required argument 'message.eml' (run 'c1-aws check-headers --help')"],
    [['demo', '--deploy', 'sometimes'], "c1-aws: option '--deploy <how>' argument 'sometimes' is invalid. Allowed choices are auto, api, terraform. (run 'c1-aws demo --help')"],
  ])('c1-aws %j', async (args, expected) => {
    oneLine(await cli(...args), expected);
  });

  test('every command: an unknown option names the command in the hint', async () => {
    // Required options are checked before unknown ones: give them.
    const required: Record<string, string[]> = { token: ['--client-id', 'calm-wolf-40291@example.conductor.one/wfe'] };
    for (const c of COMMANDS) oneLine(await cli(c.name, ...(required[c.name] ?? []), '--no-such-option'), `c1-aws: unknown option '--no-such-option' (run 'c1-aws ${c.name} --help')`);
  });

  test("an invalid value found by the command's own checks: one line with the fix", async () => {
    const r = await cli('sandbox', '--port', 'eighty');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^c1-aws: --port "eighty" is invalid: .+ Fix: .+\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    // The sandbox's own flags are named as the user typed them, before anything starts.
    for (const [flag, value] of [['--region', 'not a region'], ['--region', 'US-EAST-1'], ['--tenant', 'https://acme.conductor.one'], ['--tenant', 'bad host']]) {
      const bad = await cli('sandbox', flag, value);
      expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(new RegExp(`^c1-aws: ${flag} "${value.replace(/[.]/g, '\\.')}" is invalid: .+ Fix: .+\n$`)) });
    }
  });
});

describe('with --json, a usage error is also a JSON object on stdout', () => {
  test('a commander error', async () => {
    const r = await cli('validate', '--no-such-option', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("c1-aws: unknown option '--no-such-option' (run 'c1-aws validate --help')\n");
    expect(JSON.parse(r.stdout)).toEqual({ exitCode: 2, error: { code: 'C1AWS_USAGE', message: "unknown option '--no-such-option'", fix: "run 'c1-aws validate --help'" } });
  });

  test("an error from a command's own checks keeps its code, message and fix apart", async () => {
    const r = await failing('fail', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('c1-aws: [C1AWS_EXAMPLE] input.json is not valid JSON. Fix: save it with `terraform show -json`\n');
    expect(JSON.parse(r.stdout)).toEqual({ exitCode: 2, error: { code: 'C1AWS_EXAMPLE', message: 'input.json is not valid JSON.', fix: 'save it with `terraform show -json`' } });
  });

  test('an unexpected error: exit 2, one line, the stack only with C1AWS_DEBUG', async () => {
    const r = await failing('crash');
    expect(r).toEqual({ code: 2, stdout: '', stderr: "c1-aws: unexpected error: boom (set C1AWS_DEBUG=1 for the stack trace, and report it)\n" });
    process.env.C1AWS_DEBUG = '1';
    try {
      expect((await failing('crash')).stderr).toMatch(/^c1-aws: unexpected error: boom .*\nError: boom\n\s+at /);
    } finally {
      delete process.env.C1AWS_DEBUG;
    }
  });

  test('a path the file system refuses (--dir under a file, or /proc where Node\'s recursive mkdir loops forever): exit 2 at once, one line naming the path, C1AWS_FILE_SYSTEM', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-aws-fs-'));
    try {
      const file = path.join(tmp, 'a-file');
      fs.writeFileSync(file, '');
      const dirs = [path.join(file, 'mirror'), ...(fs.existsSync('/proc/self') ? ['/proc/c1-aws-no-such-dir/mirror'] : [])];
      for (const dir of dirs) {
        for (const args of [['provider', 'install', '--dir', dir, '--json'], ['modules', 'generate', '--dir', dir]]) {
          // A child process with a timeout: the bug this guards against is a synchronous endless loop.
          const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', timeout: 30_000 });
          expect({ args, status: r.status, signal: r.signal }).toEqual({ args, status: 2, signal: null });
          expect(r.stderr).toMatch(/^c1-aws: \[C1AWS_FILE_SYSTEM\] cannot (mkdir|stat) \/\S+: .+ \((ENOENT|ENOTDIR)\)\. Fix: .+\n$/);
          if (args.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 2, error: { code: 'C1AWS_FILE_SYSTEM' } });
        }
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('--json after `--` is an operand, not the option', async () => {
    const r = await cli('modules', 'check', '--', '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('the bin (src/cli/c1-aws.cjs) runs compiled code, never a stale dist/', () => {
  let tree: string;
  const past = new Date(Date.now() - 60_000);
  const now = new Date();
  const write = (rel: string, text: string, time: Date): void => {
    const file = path.join(tree, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    fs.utimesSync(file, time, time);
  };
  const bin = (env: Record<string, string> = {}) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED' in env)) delete e.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    return spawnSync(process.execPath, [path.join(tree, 'src', 'cli', 'c1-aws.cjs'), 'x', 'y'], { encoding: 'utf8', env: e });
  };
  const COMPILED = "exports.run = (argv) => { process.stdout.write('ran ' + argv.slice(2).join(' ') + ' notice-disabled=' + process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED); };\n";

  beforeEach(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-aws-bin-'));
    write('src/cli/c1-aws.cjs', fs.readFileSync(BIN, 'utf8'), past);
  });
  afterEach(() => fs.rmSync(tree, { recursive: true, force: true }));

  test('installed layout (no TypeScript sources): runs dist/ and quiets the SDK notice unless the user set the variable', () => {
    write('dist/src/cli/main.js', COMPILED, past);
    expect(bin()).toMatchObject({ status: 0, stdout: 'ran x y notice-disabled=true', stderr: '' });
    expect(bin({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' })).toMatchObject({ status: 0, stdout: 'ran x y notice-disabled=false' });
  });

  test('a reader that closes the pipe early (`| head`) ends the command quietly', async () => {
    write('dist/src/cli/main.js', "exports.run = () => { const line = 'x'.repeat(1023) + '\\n'; const pump = () => { while (process.stdout.write(line)); process.stdout.once('drain', pump); }; pump(); };\n", past);
    const child = spawn(process.execPath, [path.join(tree, 'src', 'cli', 'c1-aws.cjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'exit')) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('checkout with dist/ newer than every source: runs dist/', () => {
    write('src/cli/main.ts', 'export {};\n', past);
    write('src/policy/rules.ts', 'export {};\n', past);
    write('dist/src/cli/main.js', COMPILED, now);
    write('dist/src/policy/rules.js', '', now);
    expect(bin()).toMatchObject({ status: 0, stdout: 'ran x y notice-disabled=true', stderr: '' });
  });

  test('checkout with a source edited after the build: refuses, names the file and the fix, exit 2', () => {
    write('src/cli/main.ts', 'export {};\n', past);
    write('src/policy/rules.ts', 'export {};\n', now);
    write('dist/src/cli/main.js', COMPILED, past);
    write('dist/src/policy/rules.js', '', past);
    const r = bin();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("c1-aws: this is a source checkout and dist/ is older than src/policy/rules.ts (run 'npm run build', or run the sources with 'npm run c1-aws -- <args>')\n");
  });

  test('checkout with a source that has no compiled counterpart (added after the build): refuses', () => {
    write('src/cli/main.ts', 'export {};\n', past);
    write('src/federation/new-file.ts', 'export {};\n', past);
    write('dist/src/cli/main.js', COMPILED, now);
    const r = bin();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dist/ is older than src/federation/new-file.ts');
  });

  test('checkout never built: refuses', () => {
    write('src/cli/main.ts', 'export {};\n', past);
    const r = bin();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dist/ is not built');
  });
});
