/**
 * package.json, checked without packing: every export has types that node10 resolution (a stock cdktf
 * app's tsconfig) finds through typesVersions, everything the package points at is shipped by "files",
 * and no build tool is a runtime dependency. (test/package/installed.test.ts proves the same on the
 * installed tarball; this one names the broken field in a second.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PackageManifest } from './installed-package';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageManifest & { files: string[] };

/** The compiled file a dist path comes from (dist/src/x.js or .d.ts → src/x.ts). */
const sourceOf = (distPath: string): string => distPath.replace(/^\.\//, '').replace(/^dist\//, '').replace(/\.d\.ts$|\.js$/, '.ts');
const shipped = (p: string): boolean => pkg.files.some((f) => p.replace(/^\.\//, '') === f || p.replace(/^\.\//, '').startsWith(`${f}/`));

test('every export names types and code that the build produces and "files" ships', () => {
  const exportsMap = pkg.exports ?? {};
  expect(Object.keys(exportsMap)).toEqual(expect.arrayContaining(['.', './sandbox', './validate']));
  for (const [subpath, target] of Object.entries(exportsMap)) {
    if (subpath === './package.json') continue;
    expect(typeof target).toBe('object');
    const t = target as { types?: string; default?: string };
    expect({ subpath, types: t.types !== undefined, default: t.default !== undefined }).toEqual({ subpath, types: true, default: true });
    for (const p of [t.types ?? '', t.default ?? '']) {
      expect({ subpath, path: p, shipped: shipped(p) }).toEqual({ subpath, path: p, shipped: true });
      expect({ subpath, source: sourceOf(p), exists: fs.existsSync(path.join(ROOT, sourceOf(p))) }).toEqual({ subpath, source: sourceOf(p), exists: true });
    }
  }
});

test('typesVersions maps every subpath export to its types (node10 ignores "exports")', () => {
  const map = pkg.typesVersions?.['*'] ?? {};
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (subpath === '.' || subpath === './package.json') continue;
    const types = (target as { types?: string }).types?.replace(/^\.\//, '');
    expect({ subpath, mapped: map[subpath.slice(2)] }).toEqual({ subpath, mapped: [types] });
  }
  expect(pkg.types?.replace(/^\.\//, '')).toBe(((pkg.exports?.['.'] as { types?: string }).types ?? '').replace(/^\.\//, ''));
});

test('the bin is shipped and is a CommonJS file that needs no build tool', () => {
  for (const bin of Object.values(pkg.bin ?? {})) {
    expect(shipped(bin)).toBe(true);
    const text = fs.readFileSync(path.join(ROOT, bin), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).not.toMatch(/require\(['"](tsx|ts-node|esbuild|typescript)/);
  }
});

test('build tools are devDependencies only', () => {
  for (const dev of ['tsx', 'esbuild', 'typescript', 'ts-node', '@swc/core', 'jest']) expect(Object.keys(pkg.dependencies ?? {})).not.toContain(dev);
});
