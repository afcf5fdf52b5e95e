#!/usr/bin/env node
// The `c1-aws` executable. A packed package runs the compiled CLI (dist/, built by `npm pack`/`prepack`);
// a source checkout runs the TypeScript through tsx's loader.
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
if (fs.existsSync(compiled)) {
  void require(compiled).run(process.argv);
} else {
  require('tsx/cjs');
  void require('./main.ts').run(process.argv);
}
