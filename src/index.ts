export type { LogLevel, Options } from './config.js';
export {
  type CustomToken,
  type CustomTokenOptions,
  mintCustomToken,
} from './emulator/custom-tokens.js';
export { type Emulator, startEmulator } from './server.js';
export {
  type EmulatorTools,
  ToolError,
  type ToolInput,
  type ToolName,
  type ToolResult,
} from './tools.js';
