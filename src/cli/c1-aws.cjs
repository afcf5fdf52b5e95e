#!/usr/bin/env node
'use strict';
// The `c1-aws` executable. It runs the compiled CLI, dist/src/cli/main.js (built by `npm run build`,
// which `npm pack` runs). The installed package holds only the compiled code. In a source checkout
// (src/cli/main.ts beside this file) it refuses a dist/ older than its sources instead of running stale
// code; run the sources directly with `npm run c1-aws -- <args>`.

// The AWS SDK warns once per process that its 2027 releases need Node 22; c1-aws supports Node 20.
if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// `c1-aws validate … | head`: a reader that stops early is not an error of c1-aws.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw err;
});

const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const compiled = path.join(root, 'dist', 'src', 'cli', 'main.js');

/** In a checkout: the first source file whose compiled .js is missing or older, else undefined. */
function staleSource(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = staleSource(file);
      if (found) return found;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const out = path.join(root, 'dist', path.relative(root, file)).replace(/\.ts$/, '.js');
      let built;
      try {
        built = fs.statSync(out).mtimeMs;
      } catch {
        return file;
      }
      if (fs.statSync(file).mtimeMs > built) return file;
    }
  }
  return undefined;
}

if (fs.existsSync(path.join(__dirname, 'main.ts'))) {
  const stale = fs.existsSync(compiled) ? staleSource(path.join(root, 'src')) : 'dist/';
  if (stale) {
    const what = stale === 'dist/' ? 'dist/ is not built' : `dist/ is older than ${path.relative(root, stale)}`;
    process.stderr.write(`c1-aws: this is a source checkout and ${what} (run 'npm run build', or run the sources with 'npm run c1-aws -- <args>')\n`);
    process.exit(2);
  }
}

require(compiled).run(process.argv);
