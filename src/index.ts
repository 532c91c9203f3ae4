export { buildApp } from './app.js';
export type { Config, LogLevel, Options } from './config.js';
export {
  type CustomToken,
  type CustomTokenOptions,
  mintCustomToken,
} from './emulator/custom-tokens.js';
export { type Emulator, startEmulator } from './server.js';
export type { Store } from './store/index.js';
