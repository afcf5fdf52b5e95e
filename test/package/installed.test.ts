/**
 * The package as users install it: `npm pack`, the tarball installed into a fresh project, and from
 * there every `c1-aws` command, every export (require and import), and the types under the tsconfig of
 * a stock `cdktf init --template=typescript` app. One pack and one install per run.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/cli/main';
import { REPO_ROOT, TEST_EXTERNAL_ID, cleanEnv, packAndInstall, runBin, synthesizeStack, tarballFiles, type InstalledPackage } from './installed-package';

const SDK_NOTICE = 'NodeVersionSupportWarning';
const checkoutTypesNode = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string }).version;
const tsc = require.resolve('typescript/bin/tsc');
/** The tsconfig `cdktf init --template=typescript` writes (shipped by cdktf-cli, a devDependency). */
const CDKTF_TEMPLATE_TSCONFIG = path.join(REPO_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript', 'tsconfig.json');

let pkg: InstalledPackage;
let stackDir: string;

beforeAll(() => {
  // A stock cdktf app has @types/node; the consumer gets the checkout's version (already in npm's cache).
  pkg = packAndInstall({ extraPackages: [`@types/node@${checkoutTypesNode}`] });
  stackDir = synthesizeStack(pkg.app);
}, 240_000);

afterAll(() => pkg?.cleanup());

/** Export subpaths (`.`, `./sandbox`, …) as package specifiers (`c1-aws`, `c1-aws/sandbox`, …). */
function exportSpecifiers(): string[] {
  return Object.keys(pkg.manifest.exports ?? {})
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? pkg.manifest.name : `${pkg.manifest.name}/${k.slice(2)}`));
}

describe('the tarball', () => {
  test('holds the compiled code, the bin, the modules, README and the Apache-2.0 LICENSE; no TypeScript sources, tests or benches', () => {
    const files = tarballFiles(pkg.tarball);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'src/cli/c1-aws.cjs', 'dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'modules/c1-ses-sender/main.tf.json']));
    expect(files.filter((f) => /^src\/.*\.ts$/.test(f) || f.startsWith('test/') || f.startsWith('bench/') || f.startsWith('dist/test/') || f.startsWith('dist/bench/'))).toEqual([]);
    const license = fs.readFileSync(path.join(pkg.installed, 'LICENSE'), 'utf8');
    expect(pkg.manifest.license).toBe('Apache-2.0');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    // (packAndInstall also checks that postpack removed the top-level copy prepack made.)
  });

  test('needs no build tool at run time: tsx, esbuild and typescript are not dependencies', () => {
    const deps = Object.keys(pkg.manifest.dependencies ?? {});
    for (const dev of ['tsx', 'esbuild', 'typescript', 'ts-node', '@swc/core']) expect(deps).not.toContain(dev);
    expect(fs.existsSync(path.join(pkg.app, 'node_modules', 'tsx'))).toBe(false);
  });
});

describe('the installed c1-aws command', () => {
  test('--help lists every command, exits 0, and prints nothing on stderr', () => {
    const r = runBin(pkg, ['--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.name);
  });

  test('--version prints the package version', () => {
    const r = runBin(pkg, ['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.manifest.version);
  });

  test('every command has help', () => {
    for (const c of COMMANDS) {
      const r = runBin(pkg, [c.name, '--help']);
      expect({ command: c.name, status: r.status, stderr: r.stderr }).toEqual({ command: c.name, status: 0, stderr: '' });
      expect(r.stdout).toContain(`Usage: c1-aws ${c.name}`);
    }
    expect(runBin(pkg, ['token', '--help']).stdout).toContain('--client-id');
  });

  test('a usage error exits 2 with one line and a hint', () => {
    const r = runBin(pkg, ['validate', '--no-such-option']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("c1-aws: unknown option '--no-such-option' (run 'c1-aws validate --help')\n");
  });

  test('validate checks a stack synthesized with the installed constructs, and catches a planted defect', () => {
    const ok = runBin(pkg, ['validate', stackDir, '--external-id', TEST_EXTERNAL_ID, '--json']);
    expect(ok.stderr).not.toContain(SDK_NOTICE);
    expect(ok.status).toBe(0);
    const report = JSON.parse(ok.stdout) as { exitCode: number; checks: { id: string; status: string }[] };
    expect(report.exitCode).toBe(0);
    expect(report.checks.find((c) => c.id === 'trust')?.status).toBe('pass');

    // The same stack with the External ID condition removed from the trust policy: anyone acting as C1 could assume the role.
    const file = path.join(stackDir, 'cdk.tf.json');
    const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource: { aws_iam_role: Record<string, { assume_role_policy: string }> } };
    let removed = 0;
    for (const role of Object.values(stack.resource.aws_iam_role)) {
      const doc = JSON.parse(role.assume_role_policy) as { Statement: { Condition?: unknown }[] };
      for (const st of doc.Statement) {
        if (st.Condition === undefined) continue;
        delete st.Condition;
        removed++;
      }
      role.assume_role_policy = JSON.stringify(doc);
    }
    expect(removed).toBeGreaterThan(0);
    const planted = path.join(pkg.app, 'planted');
    fs.mkdirSync(planted, { recursive: true });
    fs.writeFileSync(path.join(planted, 'cdk.tf.json'), JSON.stringify(stack));
    const bad = runBin(pkg, ['validate', planted, '--external-id', TEST_EXTERNAL_ID, '--json']);
    expect(bad.status).toBe(1);
    const badReport = JSON.parse(bad.stdout) as { checks: { id: string; status: string }[] };
    expect(badReport.checks.find((c) => c.id === 'trust')?.status).toBe('fail');
  });

  test('check-headers reads a received message: a passing one exits 0, a failing one 1', () => {
    const fixtures = path.join(REPO_ROOT, 'test', 'validate', 'fixtures', 'eml');
    const pass = runBin(pkg, ['check-headers', path.join(fixtures, 'pass.eml'), '--json']);
    expect({ status: pass.status, stderr: pass.stderr }).toEqual({ status: 0, stderr: '' });
    expect((JSON.parse(pass.stdout) as { exitCode: number }).exitCode).toBe(0);
    const fail = runBin(pkg, ['check-headers', path.join(fixtures, 'fail.eml'), '--json']);
    expect(fail.status).toBe(1);
  });

  test('provider: schema prints JSON; install lays out a terraform mirror from the bundled provider (no build tool needed)', () => {
    const schema = runBin(pkg, ['provider', 'schema']);
    expect({ status: schema.status, stderr: schema.stderr }).toEqual({ status: 0, stderr: '' });
    expect(typeof JSON.parse(schema.stdout)).toBe('object');
    expect(fs.existsSync(path.join(pkg.installed, 'dist', 'provider'))).toBe(true);
    const mirror = path.join(pkg.app, 'mirror');
    const install = runBin(pkg, ['provider', 'install', '--dir', mirror, '--json']);
    expect({ status: install.status, stderr: install.stderr }).toEqual({ status: 0, stderr: '' });
    const installed = JSON.parse(install.stdout) as { executable: string };
    expect(installed.executable.startsWith(mirror)).toBe(true);
    expect(fs.statSync(installed.executable).mode & 0o111).not.toBe(0);
  });

  test('sandbox starts, serves the AWS SDK (without its Node notice), and exits cleanly on SIGTERM', async () => {
    const child = spawn(pkg.bin, ['sandbox', '--port', '0'], { cwd: pkg.app, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sandbox not ready after 30 s; stdout: ${stdout} stderr: ${stderr}`)), 30_000);
        child.stdout.on('data', () => {
          if (stdout.includes('Press Ctrl-C to stop.')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => {
          clearTimeout(timer);
          reject(new Error(`sandbox exited before it was ready: ${stderr}`));
        });
      });
      const endpoint = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const accessKey = /export AWS_ACCESS_KEY_ID=(\S+)/.exec(stdout)?.[1];
      const secretKey = /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(stdout)?.[1];
      expect(endpoint && accessKey && secretKey).toBeTruthy();
      // The exports alone point a root module's own provider blocks at the sandbox (examples/both-sides
      // runs unchanged): the c1 provider reads CONDUCTORONE_SERVER_URL, the AWS CLI AWS_DEFAULT_REGION.
      const serverUrl = /export CONDUCTORONE_SERVER_URL=(\S+)/.exec(stdout)?.[1];
      const adminToken = /export CONDUCTORONE_ACCESS_TOKEN=(\S+)/.exec(stdout)?.[1];
      expect(serverUrl).toBe(/server_url = "([^"]+)"/.exec(stdout)?.[1]);
      expect(stdout).toMatch(/export AWS_DEFAULT_REGION=us-east-1\n/);
      const externalId = await fetch(`${serverUrl}/api/v1/settings/aws-external-id`, { headers: { authorization: `Bearer ${adminToken}` } });
      expect(externalId.status).toBe(200);
      const live = (env: Record<string, string | undefined>) =>
        spawnSync(pkg.bin, ['validate', '--live', '--region', 'us-east-1', '--endpoint-url', endpoint ?? '', '--role-arn', 'arn:aws:iam::111122223333:role/c1-ses-sender', '--external-id', TEST_EXTERNAL_ID, '--retries', '0'], {
          cwd: pkg.app,
          encoding: 'utf8',
          timeout: 60_000,
          env: cleanEnv({ AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, ...env }),
        });
      // Control: a user who sets the variable to false gets the SDK's notice, so this path does reach the SDK.
      expect(live({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' }).stderr).toContain(SDK_NOTICE);
      const quiet = live({});
      expect(quiet.stderr).not.toContain(SDK_NOTICE);
      expect(quiet.stdout).toContain('Summary:');
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exited;
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  }, 120_000);
});

describe("the README's examples, as written", () => {
  /** The first ```ts block after a heading of the installed README (what users read). */
  function readmeTsBlock(heading: string): string {
    const readme = fs.readFileSync(path.join(pkg.installed, 'README.md'), 'utf8');
    const at = readme.indexOf(`\n${heading}\n`);
    const block = at < 0 ? null : /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
    if (!block) throw new Error(`README: no \`\`\`ts block under ${JSON.stringify(heading)}`);
    return block[1];
  }

  test("the cdktf examples compile under a stock cdktf app's tsconfig, synthesize, and pass `c1-aws validate` without a warning", () => {
    const dir = path.join(pkg.app, 'readme-examples');
    fs.mkdirSync(dir, { recursive: true });
    const template = JSON.parse(fs.readFileSync(CDKTF_TEMPLATE_TSCONFIG, 'utf8')) as { compilerOptions: Record<string, unknown> };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...template, compilerOptions: { ...template.compilerOptions, incremental: false, outDir: 'out' } }, null, 2));
    const examples = { constructs: '## Using the constructs from a cdktf app', connecting: '### Connecting the sides in CDKTF' };
    for (const [name, heading] of Object.entries(examples)) fs.writeFileSync(path.join(dir, `${name}.ts`), readmeTsBlock(heading));
    const compiled = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
    expect({ status: compiled.status, out: compiled.stdout }).toEqual({ status: 0, out: '' });
    for (const name of Object.keys(examples)) {
      const cwd = path.join(dir, `${name}-app`);
      fs.mkdirSync(cwd);
      const synth = spawnSync(process.execPath, [path.join(dir, 'out', `${name}.js`)], { cwd, encoding: 'utf8', env: cleanEnv({ C1_EXTERNAL_ID: TEST_EXTERNAL_ID, CHECKPOINT_DISABLE: '1' }) });
      expect({ name, status: synth.status, stderr: synth.stderr }).toEqual({ name, status: 0, stderr: '' });
      const checked = runBin(pkg, ['validate', path.join(cwd, 'cdktf.out')], { C1_EXTERNAL_ID: TEST_EXTERNAL_ID });
      expect({ name, status: checked.status, warnOrFail: checked.stdout.split('\n').filter((l) => /^\s+(WARN|FAIL)\b/.test(l)) }).toEqual({ name, status: 0, warnOrFail: [] });
    }
  });
});

describe('the installed exports', () => {
  test('every export in package.json loads with require and with import', () => {
    const specifiers = exportSpecifiers();
    expect(specifiers).toEqual(expect.arrayContaining(['c1-aws', 'c1-aws/sandbox', 'c1-aws/validate']));
    for (const spec of specifiers) {
      const probe = `const m = require(${JSON.stringify(spec)}); if (Object.keys(m).length === 0) throw new Error('no exports'); import(${JSON.stringify(spec)}).then((e) => { if (Object.keys(e).length < 2) throw new Error('import: no exports'); console.log('ok'); })`;
      const r = spawnSync(process.execPath, ['-e', probe], { cwd: pkg.app, encoding: 'utf8', env: cleanEnv() });
      expect({ spec, status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({ spec, status: 0, stdout: 'ok', stderr: '' });
    }
  });

  test("every export's types resolve under a stock cdktf app's tsconfig (moduleResolution node10), and would not without typesVersions", () => {
    const dir = path.join(pkg.app, 'consumer');
    fs.mkdirSync(dir, { recursive: true });
    const template = JSON.parse(fs.readFileSync(CDKTF_TEMPLATE_TSCONFIG, 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(template.compilerOptions.module).toBe('CommonJS');
    expect(template.compilerOptions.moduleResolution).toBeUndefined(); // CommonJS without moduleResolution: node10
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...template, compilerOptions: { ...template.compilerOptions, incremental: false } }, null, 2));
    const specifiers = exportSpecifiers();
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      [
        "import { App, TerraformStack } from 'cdktf';",
        "import { SesSender, type SesSenderProps } from 'c1-aws';",
        "import { startAwsSandbox, type AwsSandbox } from 'c1-aws/sandbox';",
        "import { validate } from 'c1-aws/validate';",
        ...specifiers.map((s, i) => `import * as export${i} from ${JSON.stringify(s)};`),
        "const props: SesSenderProps = { externalId: 'a1b2c3d4e5f6', region: 'us-east-1', domain: 'example.com', senderAddress: 'governance@example.com' };",
        "new SesSender(new TerraformStack(new App(), 'stack'), 'ses', props);",
        'export async function sandbox(): Promise<AwsSandbox> { return startAwsSandbox({}); }',
        'export const validator: typeof validate = validate;',
        `export const all = [${specifiers.map((_, i) => `export${i}`).join(', ')}];`,
        '',
      ].join('\n'),
    );
    const check = (project: string) => spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: pkg.app, encoding: 'utf8', env: cleanEnv() });
    const ok = check(dir);
    expect({ status: ok.status, out: ok.stdout }).toEqual({ status: 0, out: '' });

    // Control: without the package's typesVersions, node10 resolution cannot find the subpath exports' types.
    const control = path.join(pkg.app, 'control');
    fs.mkdirSync(control, { recursive: true });
    fs.copyFileSync(path.join(dir, 'tsconfig.json'), path.join(control, 'tsconfig.json'));
    fs.writeFileSync(path.join(control, 'main.ts'), "import * as sandbox from 'c1-aws/sandbox';\nexport const all = [sandbox];\n");
    expect(check(control).status).toBe(0);
    const manifestFile = path.join(pkg.installed, 'package.json');
    const original = fs.readFileSync(manifestFile, 'utf8');
    try {
      const { typesVersions: _dropped, ...rest } = JSON.parse(original) as PackageJsonWithTypesVersions;
      fs.writeFileSync(manifestFile, JSON.stringify(rest));
      const bad = check(control);
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toContain("Cannot find module 'c1-aws/sandbox'");
    } finally {
      fs.writeFileSync(manifestFile, original);
    }
  });
});

interface PackageJsonWithTypesVersions {
  readonly typesVersions?: unknown;
  readonly [key: string]: unknown;
}
