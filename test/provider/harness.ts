/** Shared by the provider tests: terraform lookup, the provider built once into a temp mirror, terraform runs (async: the sandboxes share this process). */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProviderBundle } from '../../src/provider/bundle';
import { installProvider, type InstalledProvider } from '../../src/provider/install';
import { PROVIDER_ADDRESS } from '../../src/provider/schema-json';

export function findTerraform(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Build the bundle into a temp dir (fast, ~1 s) and install it into a temp mirror. */
export async function installForTest(root: string): Promise<InstalledProvider> {
  const bundle = await buildProviderBundle({ outfile: join(root, 'build', 'c1-provider.js'), minify: true });
  return installProvider({ dir: join(root, 'mirror'), bundlePath: bundle });
}

export interface TfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A terraform working directory with its own CLI config (the temp mirror), CHECKPOINT_DISABLE and TF_IN_AUTOMATION. */
export class TfDir {
  constructor(
    public readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  write(mainTf: string): void {
    writeFileSync(join(this.dir, 'main.tf'), mainTf);
  }

  run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TfResult> {
    return new Promise((resolve) => {
      execFile('terraform', [...args], { cwd: this.dir, env: { ...this.env, ...extraEnv }, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Start terraform without waiting: `output()` is what it printed so far (for acting mid-run, e.g. an interrupt). */
  start(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; done: Promise<TfResult> } {
    const child = spawn('terraform', [...args], { cwd: this.dir, env: { ...this.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const done = new Promise<TfResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
    return { child, output: () => stdout + stderr, done };
  }

  /** Run and require exit code `want` (default 0); the failure message carries terraform's output. */
  async must(args: readonly string[], want = 0, extraEnv: NodeJS.ProcessEnv = {}): Promise<TfResult> {
    const r = await this.run(args, extraEnv);
    if (r.code !== want) throw new Error(`terraform ${args.join(' ')} exited ${r.code}, expected ${want}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r;
  }

  /** Values of every resource in state (terraform show -json). */
  async stateValues(): Promise<Record<string, Record<string, unknown>>> {
    const r = await this.must(['show', '-json', '-no-color']);
    const json = JSON.parse(r.stdout) as { values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } } };
    return Object.fromEntries((json.values?.root_module?.resources ?? []).map((x) => [x.address, x.values]));
  }

  /** A sibling working dir sharing this one's `terraform init` (copied .terraform and lock file). */
  sibling(name: string): TfDir {
    const dir = join(this.dir, '..', name);
    cpSync(join(this.dir, '.terraform'), join(dir, '.terraform'), { recursive: true, verbatimSymlinks: true });
    cpSync(join(this.dir, '.terraform.lock.hcl'), join(dir, '.terraform.lock.hcl'));
    return new TfDir(dir, this.env);
  }
}

export interface TfWorkspace {
  readonly root: string;
  readonly installed: InstalledProvider;
  dir(name: string): TfDir;
  cleanup(): void;
}

export async function tfWorkspace(prefix: string): Promise<TfWorkspace> {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const installed = await installForTest(root);
  const cliConfig = join(root, 'cli.tfrc');
  writeFileSync(cliConfig, installed.cliConfig);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
  };
  return {
    root,
    installed,
    dir: (name: string) => {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      return new TfDir(dir, env);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export const TF = ['-input=false', '-no-color'] as const;

/** `terraform { required_providers { c1 } }` and a `provider "c1"` block for a local tenant; `providerLines` go inside the provider block. */
export function c1ProviderHcl(tenant: { readonly tenantHost: string; readonly baseUrl: string }, providerLines: readonly string[] = [], serverUrl = tenant.baseUrl): string {
  return `
terraform {
  required_providers {
    c1 = { source = "${PROVIDER_ADDRESS}" }
  }
}

provider "c1" {
  tenant     = "${tenant.tenantHost}"
  server_url = "${serverUrl}"
${providerLines.map((l) => `  ${l}\n`).join('')}}
`;
}
