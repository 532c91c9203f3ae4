/**
 * Hardened edges (issue 15): the control API against web pages on the same machine, slow and
 * stalled clients, a bounded journal and paged lists, secrets from files. Real HTTP and raw
 * sockets against emulators on port 0; the CLI (run from source) where a log line or a start
 * warning is what a user sees.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Options } from '../../src/config.js';
import { startEmulator } from '../../src/server.js';
import { emulator, send } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', '--port', '0', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const url = /ready at (\S+)/.exec(String(chunk))?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** A raw HTTP exchange: writes `text`, resolves with everything read until the server closes. */
function raw(url: string, text: string): { socket: Socket; answer: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(text);
  let answer = '';
  socket.on('data', (chunk) => {
    answer += chunk;
  });
  return {
    socket,
    answer: new Promise((resolve) => {
      socket.on('close', () => resolve(answer));
      socket.on('error', () => resolve(answer));
    }),
  };
}

t.test('listening beyond loopback without a control token prints one warning line', async (t) => {
  const started = await cli(['--host', '0.0.0.0', '--in-memory', '--log-level', 'silent']);
  t.teardown(() => stop(started.child));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const lines = started.stderr().trim().split('\n');
  t.equal(lines.length, 1, started.stderr());
  t.match(lines[0], /warning: listening on 0\.0\.0\.0, beyond loopback, without a control token/);
});
t.test('slow clients', async (t) => {
  const options: Options = { headersTimeout: 1000, requestTimeout: 2000 };

  t.test('headers that never end are answered 408', async (t) => {
    const emu = await emulator(t, options);
    const { answer } = raw(emu.url, 'POST /auth/signin HTTP/1.1\r\nHost: x\r\n');
    t.match(await answer, /^HTTP\/1\.1 408 /);
  });

  t.test('a body that stops arriving is answered 408', async (t) => {
    const emu = await emulator(t, options);
    const { answer } = raw(
      emu.url,
      'POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    t.match(await answer, /^HTTP\/1\.1 408 /);
  });

  t.test('close() does not wait for a stalled upload', async (t) => {
    const emu = await startEmulator({ requestTimeout: 600_000, headersTimeout: 600_000 });
    const { socket, answer } = raw(
      emu.url,
      'POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    await once(socket, 'connect');
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closed = false;
    const closing = emu.close().then(() => {
      closed = true;
    });
    // The request would stall for ten minutes; the grace period is 1.5 s.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    t.ok(closed, 'close() returned while the upload was still stalled');
    await answer;
  });

  t.test('a connection cap, with one log line when it is reached', async (t) => {
    const started = await cli(['--in-memory', '--max-connections', '5', '--log-level', 'warn']);
    t.teardown(() => stop(started.child));
    const sockets = Array.from({ length: 12 }, () => raw(started.url, 'GET /__emulator/health'));
    await Promise.all(sockets.map(({ socket }) => once(socket, 'connect')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = started
      .stderr()
      .split('\n')
      .filter((line) => line.includes('refusing connections'));
    t.equal(lines.length, 1, started.stderr());
    for (const { socket } of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await send(started.url, '/__emulator/health', undefined, { method: 'GET' });
    t.equal(health.status, 200, 'served again once the stalled clients are gone');
  });
});

t.test('a control token from a file', async (t) => {
  const file = join(t.testdir(), 'token');
  writeFileSync(file, 'from-a-file\n');
  const started = await cli(['--in-memory', '--log-level', 'silent', '--control-token-file', file]);
  t.teardown(() => stop(started.child));
  const users = (authorization?: string) =>
    send(started.url, '/__emulator/users', undefined, {
      method: 'GET',
      headers: authorization ? { authorization } : {},
    });
  t.equal((await users()).status, 401);
  t.equal(
    (await users('Bearer from-a-file')).status,
    200,
    'the trailing newline is not part of it',
  );
});
