/** Whether the demo could deploy with terraform: the binary on PATH and a hashicorp/aws filesystem mirror. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TerraformAvailability {
  readonly available: boolean;
  readonly reason: string;
  readonly mirror?: string;
}

/** The folder holding `registry.terraform.io/` (env TF_PLUGIN_MIRROR, else a shallow search of common places). */
export function findProviderMirror(): string | undefined {
  const env = process.env.TF_PLUGIN_MIRROR;
  if (env && fs.existsSync(path.join(env, 'registry.terraform.io'))) return env;
  if (env && path.basename(env) === 'registry.terraform.io' && fs.existsSync(env)) return path.dirname(env);
  const roots = ['/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins', path.join(process.env.HOME ?? '/root', '.terraform.d', 'plugins'), '/opt/terraform/plugins'];
  for (const r of roots) if (fs.existsSync(path.join(r, 'registry.terraform.io', 'hashicorp', 'aws'))) return r;
  const found = spawnSync('find', ['/', '-maxdepth', '4', '-type', 'd', '-name', 'registry.terraform.io'], { encoding: 'utf8', timeout: 5000 });
  const first = (found.stdout ?? '').split('\n').find((l) => l && fs.existsSync(path.join(l, 'hashicorp', 'aws')));
  return first ? path.dirname(first) : undefined;
}

export function terraformAvailability(): TerraformAvailability {
  const v = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 10_000, env: process.env });
  if (v.error || v.status !== 0) return { available: false, reason: 'terraform is not on the PATH' };
  const mirror = findProviderMirror();
  if (!mirror) return { available: false, reason: 'no hashicorp/aws provider mirror found (set TF_PLUGIN_MIRROR)' };
  return { available: true, reason: `terraform and the provider mirror at ${mirror} are available`, mirror };
}
