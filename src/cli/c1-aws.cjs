#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader.
require('tsx/cjs');
void require('./main.ts').run(process.argv);
