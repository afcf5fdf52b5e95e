/**
 * `mkdir -p` that always ends. Node's `mkdirSync(dir, { recursive: true })` loops forever when the kernel
 * answers ENOENT for a folder whose parent exists (pseudo file systems such as /proc and /sys): a user's
 * `--dir /proc/x` hung the command at 100% CPU. Here each missing level is created on its own, so such a
 * path fails at once with the system's error.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    try {
      statSync(at);
      break; // exists (a non-folder makes the mkdir below, or the caller's write, fail naming it)
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err: unknown) {
      // Created meanwhile by someone else: fine, as with `mkdir -p`.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
  if (missing.length === 0 && !statSync(resolve(dir)).isDirectory()) mkdirSync(resolve(dir)); // throws EEXIST naming it
}
