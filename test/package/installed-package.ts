/**
 * The package as users install it: `npm pack` of (a copy of) this working tree, prepack building dist/; the tarball
 * installed with npm into a fresh project in a temp dir. Used by test/package and bench/cli-startup.ts.
 * npm uses its cache first (--prefer-offline), so only metadata not cached yet is fetched.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly bin?: Record<string, string>;
  readonly main?: string;
  readonly types?: string;
  readonly typesVersions?: Record<string, Record<string, readonly string[]>>;
  readonly exports?: Record<string, string | { readonly types?: string; readonly default?: string }>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

export interface InstalledPackage {
  /** Temp dir holding the tarball and the consumer project. */
  readonly tmp: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** The consumer project (its node_modules holds c1-aws and its dependencies). */
  readonly app: string;
  /** node_modules/c1-aws inside the consumer. */
  readonly installed: string;
  /** The installed package.json. */
  readonly manifest: PackageManifest;
  /** node_modules/.bin/c1-aws (npm's link to the package's bin). */
  readonly bin: string;
  /** Remove the temp dir. */
  cleanup(): void;
}

/** Not part of the package's inputs: build output, dependencies, VCS and local state. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'dist', 'cdktf.out', 'coverage', '.terraform', '.gen', 'LICENSE']);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The environment for child processes: the caller's, minus what would hide the package's own behaviour. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // test/setup-env.ts quiets the AWS SDK's Node notice for jest; the installed bin must do it by itself.
  if (!('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED' in extra)) delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

function npmRun(args: readonly string[], cwd: string): string {
  const r = spawnSync(npm, [...args], { cwd, encoding: 'utf8', env: cleanEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed with ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout}`.slice(0, 8000));
  return r.stdout;
}

/** Packs this checkout (running its prepack: the build) and installs the tarball into a fresh project. */
export function packAndInstall(options: { readonly extraPackages?: readonly string[] } = {}): InstalledPackage {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-aws-package-'));
  try {
    // Pack a copy of the working tree, so the checkout's dist/ (which other tests and tools may be
    // reading) and its top level (prepack copies LICENSE there) are left alone. Same package.json, same
    // scripts: `npm pack` there is `npm pack` here.
    const source = path.join(tmp, 'source');
    fs.mkdirSync(source);
    for (const entry of fs.readdirSync(REPO_ROOT)) {
      if (NOT_COPIED.has(entry)) continue;
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(source, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    npmRun(['pack', '--pack-destination', tmp, '--loglevel=error'], source);
    if (fs.existsSync(path.join(source, 'LICENSE'))) throw new Error('postpack left LICENSE at the top level of the packed tree');
    const tarballs = fs.readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
    if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.length} tarballs in ${tmp}`);
    const tarball = path.join(tmp, tarballs[0]);
    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'c1-aws-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    npmRun(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...(options.extraPackages ?? [])], app);
    const installed = path.join(app, 'node_modules', 'c1-aws');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackageManifest;
    return { tmp, tarball, app, installed, manifest, bin: path.join(app, 'node_modules', '.bin', 'c1-aws'), cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** The files in a tarball, package-relative (`tar tzf`, without the leading `package/`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^package\//, ''));
}

/** An External ID of the shape C1 issues (test value). */
export const TEST_EXTERNAL_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

/**
 * Synthesizes a stack the way a user's cdktf app does, with the installed c1-aws and cdktf: an SES
 * sender and the federation switch, into `<app>/<outdir>`. Returns the stack directory.
 */
export function synthesizeStack(app: string, outdir = 'cdktf.out'): string {
  const script = path.join(app, 'synth.js');
  fs.writeFileSync(
    script,
    [
      "const { App, TerraformStack } = require('cdktf');",
      "const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');",
      "const { SesSender, OutboundFederation } = require('c1-aws');",
      'const app = new App({ outdir: process.argv[2] });',
      "const stack = new TerraformStack(app, 'c1');",
      "new AwsProvider(stack, 'aws', { region: 'us-east-1' });",
      `new SesSender(stack, 'ses', { externalId: ${JSON.stringify(TEST_EXTERNAL_ID)}, region: 'us-east-1', domain: 'example.com', senderAddress: 'governance@example.com', dmarc: { policy: 'none' } });`,
      "new OutboundFederation(stack, 'federation', { mode: 'own' });",
      'app.synth();',
      '',
    ].join('\n'),
  );
  const r = spawnSync(process.execPath, [script, outdir], { cwd: app, encoding: 'utf8', env: cleanEnv() });
  if (r.status !== 0) throw new Error(`synthesizing with the installed package failed (${r.status}):\n${r.stderr}`);
  return path.join(app, outdir, 'stacks', 'c1');
}

/** Runs the installed bin synchronously. */
export function runBin(pkg: InstalledPackage, args: readonly string[], env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  return spawnSync(pkg.bin, [...args], { cwd: pkg.app, encoding: 'utf8', env: cleanEnv(env), timeout: 60_000 });
}
