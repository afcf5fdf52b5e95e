/**
 * A terraform workspace for tests that use both the aws provider (hashicorp mirror) and the c1
 * provider (bundled and installed into a temp filesystem mirror), through the demo's own runner.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { terraformAvailability } from '../../src/demo/terraform';
import { mirrorCliConfig, runTerraform, type TerraformRun } from '../../src/demo/terraform-run';
import { buildProviderBundle } from '../../src/provider/bundle';
import { installProvider } from '../../src/provider/install';

export interface Workspace {
  readonly dir: string;
  /** Run terraform in `dir` (or a sub folder); `want` checks the exit code. */
  tf(args: readonly string[], want?: number, sub?: string): Promise<TerraformRun>;
  cleanup(): void;
}

/** Why the test cannot run (no terraform or no mirror), or undefined. */
export function skipReason(): string | undefined {
  const t = terraformAvailability();
  return t.available ? undefined : t.reason;
}

export async function workspace(prefix: string, env: NodeJS.ProcessEnv = {}): Promise<Workspace> {
  const t = terraformAvailability();
  if (!t.available || !t.mirror) throw new Error(t.reason);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const bundle = await buildProviderBundle({ outfile: path.join(root, 'build', 'c1-provider.js') });
  const installed = await installProvider({ dir: path.join(root, 'plugins'), bundlePath: bundle });
  const rc = path.join(root, 'cli.tfrc');
  fs.writeFileSync(rc, mirrorCliConfig([{ path: t.mirror, include: ['registry.terraform.io/hashicorp/*'] }, { path: installed.mirrorDir, include: [installed.address] }]));
  const dir = path.join(root, 'work');
  fs.mkdirSync(dir);
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true', ...env };
  delete fullEnv.TF_LOG;
  delete fullEnv.TF_PLUGIN_CACHE_DIR;
  return {
    dir,
    tf: async (args, want, sub) => {
      const r = await runTerraform([...args, '-no-color'], sub ? path.join(dir, sub) : dir, fullEnv, 170_000);
      if (want !== undefined && r.code !== want) throw new Error(`terraform ${args.join(' ')} exited ${r.code}, expected ${want}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
      return r;
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
