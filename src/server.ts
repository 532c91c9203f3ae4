/**
 * startEmulator(): config → specs → fixtures → store → app → listen. Returns a handle with the
 * URL, reset(), seed(), the emulator's tools and an idempotent close(); the app, the config and
 * the store stay inside (startFromConfig() hands them to the CLI).
 */

import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import {
  type Config,
  DEFAULT_CONTROL_SPEC_FILE,
  DEFAULT_FIXTURES_FILE,
  DEFAULT_SPEC_FILE,
  type Options,
  resolveConfig,
} from './config.js';
import type { components } from './control-types.js';
import { type Coverage, coverageJunit, coverageMarkdown } from './emulator/coverage.js';
import { type DataCheck, dataCheck, fixturesCheck, loadFixtures } from './emulator/fixtures.js';
import { type EmulatorState, newEmulatorState, resetEmulator } from './emulator/state.js';
import { StartupError } from './errors.js';
import { loadSpec, type Spec } from './openapi.js';
import { createStore, type Store } from './store/index.js';
import type { Data } from './store/records.js';
import { createTools, type EmulatorTools } from './tools.js';
import { version } from './version.js';

type SeedRequest = components['schemas']['SeedRequest'];
type SeedResult = components['schemas']['SeedResult'];

/** A running emulator, as a test uses it: where it listens, and its tools. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** Restores the fixtures, in memory and on disk, empties the journal and the outbox and clears the faults. */
  reset(): Promise<void>;
  /** Adds records, as POST /__emulator/seed: users with plain passwords, projects, members. */
  seed(records: SeedRequest): Promise<SeedResult>;
  /**
   * The emulator's own tools, one typed call per control operation (spec/control.yaml):
   * `tools.listUsers()`, `tools.armFault({ body })`, `tools.getCoverage()`… A refusal throws
   * ToolError with the control API's status and body.
   */
  readonly tools: EmulatorTools;
  /** Finishes requests in flight, flushes the store and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/** What the emulator's own code (the CLI, the conformance runner) holds beside the handle. */
export interface Running {
  emulator: Emulator;
  config: Config;
  store: Store;
  state: EmulatorState;
  app: FastifyInstance;
  /** The Tiledesk API's document and the control API's. */
  spec: Spec;
  controlSpec: Spec;
}

/** --import: the records of a file written by --export-on-exit replace the store's. */
async function importRecords(file: string, store: Store, check: DataCheck): Promise<void> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    await store.close();
    throw new StartupError(`cannot import ${file}: ${(error as Error).message}`);
  }
  const problem = check(data);
  if (problem) {
    await store.close();
    throw new StartupError(`cannot import ${file}: ${problem}`);
  }
  await store.restore(data as Data);
}

/** --export-on-exit and --coverage-report, once the emulator has stopped. */
async function writeOnExit(config: Config, store: Store, coverage: Coverage): Promise<void> {
  // 0600 for a file made before too (an export holds password hashes).
  const write = async (file: string, text: string) => {
    await writeFile(file, text, { mode: 0o600 });
    await chmod(file, 0o600);
  };
  if (config.exportOnExit !== undefined) {
    await write(config.exportOnExit, `${JSON.stringify(store.data, null, 2)}\n`);
  }
  if (config.coverageReport !== undefined) {
    const report = coverage.report();
    const file = config.coverageReport;
    await write(
      file,
      file.endsWith('.md')
        ? coverageMarkdown(report)
        : file.endsWith('.xml')
          ? coverageJunit(report, config.coverageMin)
          : `${JSON.stringify(report, null, 2)}\n`,
    );
  }
}

/** How long close() lets requests in flight finish before it drops their connections. */
export const CLOSE_GRACE_MS = 1500;

/**
 * Node's connection cap: connections past it are closed at once. One log line when the cap is
 * first reached (and again once it was left for a minute), not one per refused connection.
 */
function limitConnections(app: FastifyInstance, max: number): void {
  app.server.maxConnections = max;
  let lastWarned = 0;
  app.server.on('drop', () => {
    const now = Date.now();
    if (now - lastWarned < 60_000) return;
    lastWarned = now;
    app.log.warn(
      `refusing connections: ${max} are open (--max-connections); stalled clients are let go after --headers-timeout/--request-timeout`,
    );
  });
}

function baseUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Starts from a resolved config; the CLI uses this, after resolving flags and environment. */
export async function startFromConfig(config: Config): Promise<Running> {
  const startedAt = performance.now();
  // The bundled files are validated by the test suite; a file of the user's is validated here.
  const [spec, controlSpec] = await Promise.all([
    loadSpec(config.spec, { validate: config.spec !== DEFAULT_SPEC_FILE }),
    loadSpec(config.controlSpec, { validate: config.controlSpec !== DEFAULT_CONTROL_SPEC_FILE }),
  ]);
  const check = dataCheck(controlSpec);
  const fixtures = await loadFixtures(config.fixtures, {
    ...(config.fixtures !== DEFAULT_FIXTURES_FILE && { check: fixturesCheck(controlSpec) }),
    config,
  });
  const store = await createStore({
    file: config.db,
    seed: fixtures.data,
    check,
    maxVerifyCodes: config.maxVerifyCodes,
  });
  const state = newEmulatorState(spec.operations, config.mail.outboxLimit);
  if (config.import !== undefined) await importRecords(config.import, store, check);
  const info = {
    version: version(),
    tiledeskVersion: spec.document.info.version,
    startedAt,
    specSha256: spec.sha256,
    fixturesFile: fixtures.file,
    fixturesSha256: fixtures.sha256,
    operations: spec.operations.map((op) => op.operationId),
  };
  let app: FastifyInstance;
  try {
    const makeNamespace = async (name: string) => ({
      name,
      store: await createStore({
        file: null,
        seed: fixtures.data,
        maxVerifyCodes: config.maxVerifyCodes,
      }),
      state: newEmulatorState(spec.operations, config.mail.outboxLimit),
    });
    app = await buildApp({ config, store, spec, controlSpec, info, state, makeNamespace });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  limitConnections(app, config.maxConnections);
  let closing: Promise<void> | undefined;
  const tools = createTools(app, controlSpec.operations, config.controlToken);
  const emulator: Emulator = {
    url: baseUrl(address),
    port: address.port,
    reset: () => resetEmulator(store, state),
    seed: (records) => tools.seedState({ body: records }),
    tools,
    close() {
      closing ??= (async () => {
        // Requests in flight may finish; a client that stalls its upload does not hold the
        // shutdown past the grace period.
        const stalled = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(stalled);
        }
        await store.close();
        await writeOnExit(config, store, state.coverage);
      })();
      return closing;
    },
  };
  return { emulator, config, store, state, app, spec, controlSpec };
}

/**
 * Starts an emulator for tests: port 0, state in memory and logging off unless told otherwise.
 * Environment variables are not read; pass options.
 * @see README.md#use-in-tests
 */
export async function startEmulator(options: Options = {}): Promise<Emulator> {
  return (await startFromConfig(resolveConfig(options, {}, 'api'))).emulator;
}
