#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './cli.js';

// V8 lets its heap grow far past what is live before it collects: a flood of 500 KB requests
// (each answer a 2 MB string, garbage at once) took the process past 350 MB while it kept
// ~30 MB. Growing by at most half of what is live keeps it near 200 MB, for a few more
// collections of a small heap (README, "Limits"). Set before any allocation of note.
setFlagsFromString('--heap-growing-percent=50');

const code = await main(process.argv.slice(2), process.env);
if (code >= 0) process.exitCode = code;
