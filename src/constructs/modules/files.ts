/** Writing the generated modules to disk, and checking the committed ones for drift. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULES } from './definitions';
import { renderModule } from './render';
import { makeDirs } from '../../make-dirs';

/** Every generated file, by path relative to the modules folder. */
export function renderAllModules(): Map<string, string> {
  const files = new Map<string, string>();
  for (const def of MODULES) {
    for (const [rel, text] of Object.entries(renderModule(def))) files.set(join(def.name, rel), text);
  }
  return files;
}

/** Write all modules; each module folder is replaced whole, written beside it first (nothing half-written). */
export function writeModules(dir: string): string[] {
  const files = renderAllModules();
  makeDirs(dir);
  const written: string[] = [];
  for (const def of MODULES) {
    const tmp = join(dir, `.${def.name}.tmp`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    for (const [rel, text] of files) {
      if (!rel.startsWith(`${def.name}/`)) continue;
      writeFileSync(join(tmp, rel.slice(def.name.length + 1)), text);
      written.push(rel);
    }
    rmSync(join(dir, def.name), { recursive: true, force: true });
    renameSync(tmp, join(dir, def.name));
  }
  return written.sort();
}

export interface Drift {
  readonly missing: string[];
  readonly changed: string[];
  readonly extra: string[];
}

/** Compare the committed modules in `dir` with freshly generated ones. */
export function checkModules(dir: string): Drift {
  const files = renderAllModules();
  const drift: Drift = { missing: [], changed: [], extra: [] };
  for (const [rel, text] of files) {
    const p = join(dir, rel);
    if (!existsSync(p)) drift.missing.push(rel);
    else if (readFileSync(p, 'utf8') !== text) drift.changed.push(rel);
  }
  for (const def of MODULES) {
    const d = join(dir, def.name);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      const rel = join(def.name, f);
      if (!files.has(rel) && !f.startsWith('.terraform')) drift.extra.push(rel);
    }
  }
  return drift;
}
