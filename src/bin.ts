#!/usr/bin/env node
import { loadBundle } from './bundle.js';

// The bundled CLI when the build made one (a faster start), else the modules themselves.
const { main } = loadBundle()?.exports ?? (await import('./cli.js'));
const code = await main(process.argv.slice(2), process.env);
if (code >= 0) process.exitCode = code;
