/**
 * Runs the conformance corpus from the sources (before `tiledesk-auth-emulator conformance` is
 * wired into the CLI): npx tsx scripts/conformance.ts --target <url> [--allow-writes] …
 */
import { conformanceMain } from '../src/conformance/index.js';

process.exitCode = await conformanceMain(process.argv.slice(2), process.env);
