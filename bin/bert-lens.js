#!/usr/bin/env node
'use strict';
// Thin launcher so `npx bert-lens` works from the repository after `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  console.error('bert-lens: the engine is not built. Run `npm run build` (or `npm ci && npm run build`) in ' + path.dirname(__dirname) + '.');
  process.exit(2);
}
// `bert-lens ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
require(main).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
