/** The committed c1 bindings (bindings/c1/): rendered from the provider's schema, written, and checked for drift. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_ADDRESS, providerSchemaJson } from '../../provider/schema-json';
import { renderBindings, type ProviderSchemaDocument } from './generate';

/** The first c1 provider version with these resources: the lower bound written to required_providers. */
export const C1_PROVIDER_MIN_VERSION = '0.1.0';
export const C1_PROVIDER_CONSTRAINT = `>= ${C1_PROVIDER_MIN_VERSION}`;

/** Where the bindings are committed. */
export const C1_BINDINGS_DIR = join(__dirname, 'c1');

export function renderC1Bindings(): Map<string, string> {
  return renderBindings(providerSchemaJson() as unknown as ProviderSchemaDocument, {
    address: PROVIDER_ADDRESS,
    versionConstraint: C1_PROVIDER_CONSTRAINT,
    regenerate: '`npm run bindings` (src/constructs/bindings/generate.ts)',
  });
}

/** Replace the folder whole (written beside it first: nothing half-written). Returns the file names. */
export function writeC1Bindings(dir: string = C1_BINDINGS_DIR): string[] {
  const files = renderC1Bindings();
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [rel, text] of files) writeFileSync(join(tmp, rel), text);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return [...files.keys()].sort();
}

export interface BindingsDrift {
  readonly missing: string[];
  readonly changed: string[];
  readonly extra: string[];
}

export function checkC1Bindings(dir: string = C1_BINDINGS_DIR): BindingsDrift {
  const files = renderC1Bindings();
  const drift: BindingsDrift = { missing: [], changed: [], extra: [] };
  for (const [rel, text] of files) {
    const p = join(dir, rel);
    if (!existsSync(p)) drift.missing.push(rel);
    else if (readFileSync(p, 'utf8') !== text) drift.changed.push(rel);
  }
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (!files.has(f)) drift.extra.push(f);
  return drift;
}
