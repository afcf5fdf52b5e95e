/**
 * `tsx src/constructs/bindings/main.ts generate|check`: regenerate the c1 bindings from the provider's
 * schema, or fail (exit 1) when the committed ones differ (`npm run bindings` / `npm run bindings:check`).
 */
import { relative } from 'node:path';
import { C1_BINDINGS_DIR, checkC1Bindings, writeC1Bindings } from './files';

function main(command: string | undefined): number {
  const shown = relative(process.cwd(), C1_BINDINGS_DIR) || C1_BINDINGS_DIR;
  if (command === 'generate') {
    const written = writeC1Bindings();
    process.stdout.write(`wrote ${written.length} files to ${shown}: ${written.join(', ')}\n`);
    return 0;
  }
  if (command === 'check') {
    const d = checkC1Bindings();
    const problems = [...d.missing.map((f) => `missing: ${f}`), ...d.changed.map((f) => `differs: ${f}`), ...d.extra.map((f) => `not generated: ${f}`)];
    if (problems.length > 0) {
      process.stderr.write(`bindings:check: ${shown} differs from the c1 provider's schema.\n${problems.map((p) => `  ${p}`).join('\n')}\nFix: run \`npm run bindings\` and commit the result.\n`);
      return 1;
    }
    process.stdout.write(`bindings:check: ${shown} matches the c1 provider's schema.\n`);
    return 0;
  }
  process.stderr.write('usage: bindings generate|check\n');
  return 2;
}

process.exitCode = main(process.argv[2]);
