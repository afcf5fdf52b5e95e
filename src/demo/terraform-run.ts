/**
 * Running terraform as a child of the demo: detached (its own process group, which its provider plugins
 * join), tracked for clean shutdown, killed as a group on timeout, output captured; and the CLI config
 * that installs providers from filesystem mirrors only (terraform can download nothing here).
 */
import { spawn } from 'node:child_process';
import { trackProcessGroup } from './shutdown';

export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `terraform <args>` in `cwd`; never rejects. On timeout the whole process group is killed. */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TerraformRun> {
  return new Promise((resolve) => {
    const child = spawn('terraform', [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    trackProcessGroup(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(killGroup, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // Plugins outlive a killed terraform: end the rest of its group too.
      if (code === null) killGroup();
      resolve({ code: code ?? -1, stdout, stderr: code === null ? `${stderr}killed after ${timeoutMs} ms` : stderr });
    });
  });
}

export interface MirrorSpec {
  /** Folder holding `<host>/<namespace>/<type>/...`. */
  readonly path: string;
  /** Provider addresses installed from it, e.g. `registry.terraform.io/hashicorp/*`. */
  readonly include: readonly string[];
}

/** A CLI config (`TF_CLI_CONFIG_FILE`) that installs the given providers from mirrors and nothing from the network. */
export function mirrorCliConfig(mirrors: readonly MirrorSpec[]): string {
  const q = (s: string): string => JSON.stringify(s);
  const blocks = mirrors.map((m) => `  filesystem_mirror {\n    path    = ${q(m.path)}\n    include = [${m.include.map(q).join(', ')}]\n  }\n`).join('');
  const all = mirrors.flatMap((m) => m.include);
  return `provider_installation {\n${blocks}  direct {\n    exclude = [${all.map(q).join(', ')}]\n  }\n}\n`;
}

/** The last lines of terraform's error output, secrets replaced by ***. */
export function terraformErrorTail(r: TerraformRun, secrets: readonly string[]): string {
  let t = (r.stderr || r.stdout)
    .replace(/\x1b\[[0-9;]*m/g, '')
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^[│╷╵]\s*$/.test(l))
    .slice(-8)
    .join(' ')
    .replace(/[│╷╵]/g, '')
    .replace(/\s+/g, ' ');
  for (const s of secrets) if (s) t = t.split(s).join('***');
  return t.slice(0, 800);
}
