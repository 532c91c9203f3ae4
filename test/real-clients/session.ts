/**
 * A browser session against one target: a fresh Chromium context (its own storage) that lets
 * only loopback through, records every auth call the client makes to the target's API, and
 * catches the chat websockets (a closed port in the clients' configs) so the test can read
 * what the client sent on them. The end state of each scenario is kept as a screenshot in
 * artifacts/real-clients/ (ignored by git; CI keeps it as the tier's artifact).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Test } from '../helpers.js';
import { sleep } from '../reliability/cli.js';
import { CLOSED_WS, REPO } from './clients.js';
import type { Target } from './targets.js';

export const ARTIFACTS = join(REPO, 'artifacts', 'real-clients');

/** The auth API's paths (everything else, /projects, /widgets…, is not compared). */
const AUTH_PATH =
  /^(auth\/|chat21\/native\/auth\/|users\/(changepsw|resendverifyemail)\/?$|users\/?$)/;

export interface AuthCall {
  method: string;
  /** The path after the API base, without the query. */
  path: string;
  /** The answer's status; 0 while pending or when the request failed. */
  status: number;
  /** The request's JSON body (null when it had none). */
  body: unknown;
  /** The Authorization header it sent, if any. */
  authorization?: string;
  /** The answer's JSON body, when it was JSON. */
  answer?: unknown;
}

export interface ChatSocket {
  url: string;
  /** MQTT's CONNECT, when the client sent one. */
  connect?: { clientId: string; username?: string; password?: string };
}

export interface Session {
  target: Target;
  page: Page;
  calls: AuthCall[];
  sockets: ChatSocket[];
  /** Waits until `count` calls match `method path` and are answered; returns the last. */
  call(method: string, path: RegExp, count?: number): Promise<AuthCall>;
  /** Saves a screenshot of the page as `<name>.png` in ARTIFACTS. */
  screenshot(name: string): Promise<void>;
}

const isLoopback = (url: string) =>
  /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url);

/** Opens a page in a fresh context; closed when the test ends. */
export async function openSession(t: Test, browser: Browser, target: Target): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.teardown(() => context.close());
  // Fonts, analytics, Stripe…: every outside host is refused, so that a run is repeatable.
  await context.route('**/*', (route) =>
    isLoopback(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  const sockets: ChatSocket[] = [];
  await context.routeWebSocket(
    () => true,
    (ws) => {
      const url = ws.url();
      if (!url.startsWith(CLOSED_WS)) {
        if (isLoopback(url)) ws.connectToServer();
        else ws.close();
        return;
      }
      const socket: ChatSocket = { url };
      sockets.push(socket);
      // mqtt.js may write a packet in several frames: read CONNECT once all of it is in.
      let bytes = Buffer.alloc(0);
      ws.onMessage((message) => {
        if (socket.connect) return;
        bytes = Buffer.concat([
          bytes,
          typeof message === 'string' ? Buffer.from(message) : message,
        ]);
        socket.connect = mqttConnect(bytes);
      });
    },
  );
  const page = await context.newPage();
  const calls: AuthCall[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(target.api)) return;
    const path = url.slice(target.api.length).split('?')[0] ?? '';
    if (!AUTH_PATH.test(path) || req.method() === 'OPTIONS') return;
    let body: unknown = req.postData() ?? null;
    try {
      body = req.postDataJSON();
    } catch {
      // not JSON: kept as text
    }
    const call: AuthCall = { method: req.method(), path, status: 0, body };
    const authorization = req.headers().authorization;
    if (authorization) call.authorization = authorization;
    calls.push(call);
    req
      .response()
      .then(async (res) => {
        if (!res) return;
        try {
          call.answer = JSON.parse(await res.text());
        } catch {
          // not JSON (passport's plain "Unauthorized")
        }
        call.status = res.status();
      })
      .catch(() => {});
  });
  return {
    target,
    page,
    calls,
    sockets,
    async call(method, path, count = 1) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const done = calls.filter((c) => c.method === method && path.test(c.path) && c.status);
        if (done.length >= count) return done[count - 1] as AuthCall;
        if (Date.now() > deadline) {
          throw new Error(
            `no answered ${method} ${path} (#${count}) on the ${target.name}; calls: ${JSON.stringify(calls.map(describe))}`,
          );
        }
        await sleep(100);
      }
    },
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
  };
}

/** `METHOD path status`, the line a comparison shows. */
export function describe(call: AuthCall): string {
  return `${call.method} ${call.path} ${call.status}`;
}

/**
 * The calls as the two servers can be compared: method, path with ids and keys in their
 * place, status, and body (the scenarios send the same values to both).
 */
export function comparable(calls: readonly AuthCall[], keys: Record<string, string> = {}) {
  return calls.map((call) => ({
    call: `${call.method} ${normalPath(call.path, keys)} ${call.status}`,
    body: call.body,
  }));
}

/** A path or route with ObjectIds as `<id>` and each of `keys` (value → name) as `<name>`. */
export function normalPath(path: string, keys: Record<string, string> = {}): string {
  let normal = path.replace(/\b[0-9a-f]{24}\b/g, '<id>');
  for (const [value, name] of Object.entries(keys)) normal = normal.split(value).join(`<${name}>`);
  return normal;
}

/**
 * Reads MQTT's CONNECT packet (3.1.1 or 5): client id, user name and password; undefined
 * until the whole packet is in `packet`, or when it is not a CONNECT.
 */
export function mqttConnect(packet: Buffer): ChatSocket['connect'] {
  if (packet[0] === undefined || packet[0] >> 4 !== 1) return undefined;
  let at = 1;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = packet[at++] ?? 0;
      value += (byte & 127) << shift;
      if (!(byte & 128)) return value;
    }
  };
  const string = () => {
    const length = packet.readUInt16BE(at);
    at += 2 + length;
    return packet.subarray(at - length, at).toString('utf8');
  };
  const remaining = varint();
  if (packet.length < at + remaining || at > 5) return undefined;
  string(); // "MQTT"
  const level = packet[at++];
  const flags = packet[at++] ?? 0;
  at += 2; // keep-alive
  if (level === 5) at += varint();
  const clientId = string();
  if (flags & 0x04) {
    if (level === 5) at += varint();
    string();
    string();
  }
  const connect: NonNullable<ChatSocket['connect']> = { clientId };
  if (flags & 0x80) connect.username = string();
  if (flags & 0x40) connect.password = string();
  return connect;
}
