/**
 * The emulator as a child process (`node dist/bin.js`), for the tests and scripts that kill it,
 * signal it, starve it or read its logs: crash safety, shutdown, limits, secrets and the soak.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface Cli {
  child: ChildProcess;
  url: string;
  pid: number;
  /** Everything written to stderr (the logs) so far. */
  stderr(): string;
  /** Everything written to stdout (the ready line) so far. */
  stdout(): string;
  /** Resolves with the exit code and signal, once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the process if it is still running, and waits for it. */
  kill(): Promise<void>;
}

/**
 * Starts `node dist/bin.js <args>` and resolves once it prints its ready line. The environment
 * is only PATH plus `env` (no LOG_LEVEL, DB_FILE… from the caller's shell).
 */
export function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<Cli> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const cli = (url: string): Cli => ({
    child,
    url,
    pid: child.pid ?? -1,
    stderr: () => err,
    stdout: () => out,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`));
    }, timeoutMs);
    const onData = () => {
      const match = /ready at (http:\/\/\S+)/.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(cli(match[1]));
    };
    child.stdout?.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before it was ready: ${err.slice(-2000)}`));
    });
  });
}

/**
 * tap's `skip` for a test that needs what a machine may lack (prlimit, the right to mount a
 * tmpfs): the reason, or false when it is there. With REQUIRE_RELIABILITY=1 (set by .ci/run) a
 * missing dependency is a failure instead of a skip, so the tier never passes without the test.
 */
export function skipUnless(available: boolean, reason: string): false | string {
  if (available) return false;
  if (process.env.REQUIRE_RELIABILITY === '1') t.fail(`REQUIRE_RELIABILITY=1, but ${reason}`);
  return reason;
}

/**
 * A JSON POST whose arrival the server acknowledges: sent with `Expect: 100-continue`, Node
 * answers `100 Continue` once it has read the headers (the request is then in flight), and
 * only then is the body sent. `arrived` resolves at the 100; `answer` with the final status and
 * JSON body once the server closes the connection (`Connection: close`).
 */
export function postInFlight(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): { arrived: Promise<void>; answer: Promise<{ status: number; body: unknown }> } {
  const { hostname, port, host } = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  const socket = connect(Number(port), hostname);
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    'Expect: 100-continue',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  socket.write(`${head}\r\n\r\n`);
  let received = '';
  let onArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    onArrived = resolve;
  });
  const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const before = received.length;
    received += chunk;
    if (before < CONTINUE.length && received.startsWith(CONTINUE)) {
      socket.write(payload);
      onArrived();
    }
  });
  const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('end', () => {
      const final = received.startsWith(CONTINUE) ? received.slice(CONTINUE.length) : received;
      const split = final.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(final)?.[1]);
      const text = split < 0 ? '' : final.slice(split + 4);
      if (!status) reject(new Error(`${path}: no answer (${JSON.stringify(final.slice(0, 200))})`));
      else resolve({ status, body: text ? JSON.parse(text) : undefined });
    });
  });
  return { arrived, answer };
}

/** Resolves once a TCP connection to `url` is refused: the server stopped listening. */
export async function refusesConnections(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await sleep(10);
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The resident set size of a process in bytes (Linux /proc, else ps). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: fall through to ps
  }
  const { execFileSync } = await import('node:child_process');
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' })) * 1024;
}
