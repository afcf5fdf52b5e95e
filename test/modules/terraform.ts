/** Finding terraform and the hashicorp/aws filesystem mirror for the module tests. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findTerraform(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The folder that holds `registry.terraform.io/hashicorp/aws` (TF_PLUGIN_MIRROR first, else searched). */
export function findMirror(): string | undefined {
  const env = process.env.TF_PLUGIN_MIRROR;
  if (env) return existsSync(join(env, 'registry.terraform.io', 'hashicorp', 'aws')) ? env : undefined;
  try {
    const out = execFileSync('sh', ['-c', 'find / -maxdepth 4 -type d -name registry.terraform.io 2>/dev/null || true'], { encoding: 'utf8' });
    const hit = out.split('\n').find((l) => l && existsSync(join(l, 'hashicorp', 'aws')));
    return hit ? dirname(hit) : undefined;
  } catch {
    return undefined;
  }
}

/** hashicorp/aws versions in the mirror, e.g. ["5.100.0"]. */
export function mirrorAwsVersions(mirror: string): string[] {
  return readdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws')).sort();
}

/** Remove the top-level HCL block that starts with `header` (e.g. `module "x" {`) up to its closing `}` line. */
export function dropBlock(hcl: string, header: string): string {
  const start = hcl.indexOf(header);
  if (start < 0) throw new Error(`block not found: ${header}`);
  const end = hcl.indexOf('\n}\n', start);
  if (end < 0) throw new Error(`block not closed: ${header}`);
  return hcl.slice(0, start) + hcl.slice(end + 3);
}
