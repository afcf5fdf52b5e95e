/**
 * Bundle the provider into one JavaScript file (esbuild): terraform starts the provider 3–5 times
 * per command, and one pre-resolved file starts far faster than a tree of modules.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { findPackageRoot, PROVIDER_VERSION } from './address';
import { dirname, join, resolve } from 'node:path';

export const BUNDLE_FILE_NAME = 'terraform-provider-c1.js';

/** The repository / package root (this file lives in src/provider or dist/src/provider). */
export function packageRoot(): string {
  return findPackageRoot() ?? resolve(__dirname, '..', '..');
}

/** Where `npm run build` puts the bundle (shipped in the npm package). */
export function defaultBundlePath(): string {
  return join(packageRoot(), 'dist', 'provider', BUNDLE_FILE_NAME);
}

export interface BundleOptions {
  /** Output file; default dist/provider/terraform-provider-c1.js. */
  readonly outfile?: string;
  /** Default true. */
  readonly minify?: boolean;
  readonly sourcemap?: boolean;
}

/** Build the bundle with esbuild (a devDependency: available in the repository, not in an installed package). */
export async function buildProviderBundle(options: BundleOptions = {}): Promise<string> {
  const outfile = resolve(options.outfile ?? defaultBundlePath());
  const entry = join(packageRoot(), 'src', 'provider', 'bin.ts');
  if (!existsSync(entry)) throw new Error(`cannot bundle the provider: ${entry} is missing (bundling needs the source tree; a packed package ships the bundle in dist/provider)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? false,
    legalComments: 'none',
    logLevel: 'silent',
    banner: { js: '#!/usr/bin/env node' },
    define: { __C1_AWS_VERSION__: JSON.stringify(PROVIDER_VERSION) },
  });
  return outfile;
}

/** The bundle to install: the built one if present, else one built now into `fallbackDir`. */
export async function ensureProviderBundle(fallbackDir: string): Promise<string> {
  const built = defaultBundlePath();
  if (existsSync(built)) return built;
  return buildProviderBundle({ outfile: join(fallbackDir, BUNDLE_FILE_NAME) });
}
