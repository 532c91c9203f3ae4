/** The entry point esbuild bundles into dist/emulator.cjs (see bundle.ts). */
export { main } from './cli.js';
export { startEmulator } from './server.js';
