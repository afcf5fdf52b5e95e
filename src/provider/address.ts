/** The provider's source address and version (one place). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `terraform.local/c1-aws/c1`: a source address of its own, installed from a filesystem mirror (no registry). */
export const PROVIDER_HOST = 'terraform.local';
export const PROVIDER_NAMESPACE = 'c1-aws';
export const PROVIDER_TYPE = 'c1';
export const PROVIDER_ADDRESS = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;
export const PACKAGE_NAME = 'c1-aws';

/** Set by the bundler (esbuild `define`); absent when running from the sources or dist/src. */
declare const __C1_AWS_VERSION__: string | undefined;

/** The root of the c1-aws package (the nearest package.json named c1-aws above `from`). */
export function findPackageRoot(from: string = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // not ours
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function packageVersion(): string {
  const root = findPackageRoot();
  if (!root) return '0.0.0';
  return String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0.0.0');
}

/** The package version is the provider version. */
export const PROVIDER_VERSION: string = typeof __C1_AWS_VERSION__ === 'string' ? __C1_AWS_VERSION__ : packageVersion();
