/**
 * Bundle the provider into one JavaScript file (esbuild): terraform starts the provider 3–5 times
 * per command, and one pre-resolved file starts far faster than a tree of modules.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { findPackageRoot, PROVIDER_VERSION } from './address';
import { dirname, join, resolve } from 'node:path';

/** The provider bundle's main file, and the files loaded on demand next to it. */
export const BUNDLE_FILE_NAME = 'c1-provider.js';
export const LAZY_CHUNKS = {
  '../cel/lint': { file: 'c1-provider-cel.js', entry: join('src', 'cel', 'lint.ts') },
  '../federation/token-provider': { file: 'c1-provider-federation.js', entry: join('src', 'federation', 'token-provider.ts') },
} as const;

/** Every file of a bundle (main first). */
export const BUNDLE_FILES: readonly string[] = [BUNDLE_FILE_NAME, ...Object.values(LAZY_CHUNKS).map((c) => c.file)];

/** The repository / package root (this file lives in src/provider or dist/src/provider). */
export function packageRoot(): string {
  return findPackageRoot() ?? resolve(__dirname, '..', '..');
}

/** Where `npm run build` puts the bundle (shipped in the npm package). */
export function defaultBundlePath(): string {
  return join(packageRoot(), 'dist', 'provider', BUNDLE_FILE_NAME);
}

export interface BundleOptions {
  /** Output file of the main part; the lazy chunks go next to it. Default dist/provider/c1-provider.js. */
  readonly outfile?: string;
  /** Default true. */
  readonly minify?: boolean;
  readonly sourcemap?: boolean;
}

/** Build the bundle with esbuild (an optional peer dependency: present in the repository; an installed package ships the bundle). */
export async function buildProviderBundle(options: BundleOptions = {}): Promise<string> {
  const outfile = resolve(options.outfile ?? defaultBundlePath());
  const root = packageRoot();
  const entry = join(root, 'src', 'provider', 'bin.ts');
  if (!existsSync(entry)) throw new Error(`cannot bundle the provider: ${entry} is missing (bundling needs the source tree; a packed package ships the bundle in dist/provider)`);
  // esbuild is an optional peer dependency: only a source checkout bundles (a packed package ships the bundle).
  let esbuild: typeof import('esbuild');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require('esbuild') as typeof import('esbuild');
  } catch {
    throw new Error('cannot bundle the provider: the optional peer dependency esbuild is not installed (run `npm install --save-dev esbuild`, or use the bundle a packed package ships in dist/provider)');
  }
  const outdir = dirname(outfile);
  mkdirSync(outdir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { __C1_AWS_VERSION__: JSON.stringify(PROVIDER_VERSION) },
  } as const;
  // The heavy modules imported by lazy.ts stay out of the main file: `import()` of the chunk next to it.
  const lazyChunks: import('esbuild').Plugin = {
    name: 'c1-provider-lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/(cel\/lint|federation\/token-provider)$/ }, (args) =>
        args.importer.endsWith(join('provider', 'lazy.ts')) ? { path: `./${LAZY_CHUNKS[args.path as keyof typeof LAZY_CHUNKS].file}`, external: true } : undefined,
      );
    },
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [entry], outfile, banner: { js: '#!/usr/bin/env node' }, plugins: [lazyChunks] }),
    ...Object.values(LAZY_CHUNKS).map((c) => esbuild.build({ ...common, entryPoints: [join(root, c.entry)], outfile: join(outdir, c.file) })),
  ]);
  return outfile;
}

/** The bundle to install: the built one if present, else one built now into `fallbackDir`. */
export async function ensureProviderBundle(fallbackDir: string): Promise<string> {
  const built = defaultBundlePath();
  if (BUNDLE_FILES.every((f) => existsSync(join(dirname(built), f)))) return built;
  return buildProviderBundle({ outfile: join(fallbackDir, BUNDLE_FILE_NAME) });
}
