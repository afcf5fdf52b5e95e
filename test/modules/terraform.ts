/** Finding terraform and the hashicorp/aws filesystem mirror for the module tests. */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findProviderMirror } from '../../src/demo/terraform';

export function findTerraform(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The folder that holds `registry.terraform.io/hashicorp/aws` (TF_PLUGIN_MIRROR first, else searched): the demo's own lookup. */
export function findMirror(): string | undefined {
  return findProviderMirror();
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
