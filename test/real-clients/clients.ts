/**
 * The two real Tiledesk clients (web widget 5.2.3, dashboard 2.7.173), unpacked from the
 * archives in ../shared/real-clients (beside the repository, as CI lays it out; REAL_CLIENTS_DIR
 * overrides) and served over loopback, each with the run-time config file that points it at an
 * API. A missing archive fails the tier: it never passes without its clients.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { blocksIn } from '../distribution/readme.js';
import { PROJECT_ID, type Test } from '../helpers.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLIENTS_DIR = process.env.REAL_CLIENTS_DIR ?? resolve(REPO, '../shared/real-clients');
export const WIDGET = 'chat21-web-widget-5.2.3';
export const DASHBOARD = 'tiledesk-dashboard-2.7.173';

/** Where the two clients were unpacked. */
export interface Unpacked {
  widget: string;
  dashboard: string;
}

/** Unpacks both archives into a temporary folder, removed when the test ends. */
export async function unpackClients(t: Test): Promise<Unpacked> {
  const archives = [WIDGET, DASHBOARD].map((name) => join(CLIENTS_DIR, `${name}.tgz`));
  const missing = archives.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `the real clients are missing: ${missing.join(', ')} (see ../shared/real-clients/README.md; REAL_CLIENTS_DIR sets another folder)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'real-clients-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const archive of archives) await promisify(execFile)('tar', ['-xzf', archive, '-C', dir]);
  return { widget: join(dir, WIDGET), dashboard: join(dir, DASHBOARD) };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on a free loopback port, with `files` (path → content) served in place of the
 * folder's own; `/` is index.html. Resolves with the site's URL (trailing slash).
 */
export async function serveFolder(
  t: Test,
  dir: string,
  files: Record<string, string>,
): Promise<string> {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    if (path === '/') path = '/index.html';
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const own = files[path];
    if (own !== undefined) return res.writeHead(200, { 'content-type': type }).end(own);
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  t.teardown(() => new Promise((done) => server.close(done)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** A closed loopback port: the clients' chat websockets point there and fail harmlessly. */
export const CLOSED_WS = 'ws://127.0.0.1:9';

/**
 * The README's two config examples (section "Tiledesk's web widget and dashboard"), with its
 * API base moved to `api`: the tier serves exactly what the README tells developers to write.
 */
function readmeConfig(which: 'widget' | 'dashboard', api: string): Record<string, unknown> {
  const [widget, dashboard] = blocksIn("Tiledesk's web widget and dashboard", 'json');
  const block = which === 'widget' ? widget : dashboard;
  if (!block) throw new Error(`README.md: no ${which} config example`);
  return JSON.parse(block.code.replaceAll('http://127.0.0.1:3000/', api));
}

/**
 * Serves the widget pointed at `api` (the API base, trailing slash): the archive's
 * widget-config.json with the README's keys over it, and a host page that embeds launch.js
 * for the fixtures' project. Resolves with the host page's URL.
 */
export async function serveWidget(t: Test, dir: string, api: string): Promise<string> {
  const config = {
    ...JSON.parse(await readFile(join(dir, 'widget-config.json'), 'utf8')),
    ...readmeConfig('widget', api),
  };
  const host = `<!doctype html><html><head><title>host page</title></head><body>
<h1>A site that embeds the Tiledesk widget</h1>
<script>window.tiledeskSettings = { projectid: ${JSON.stringify(PROJECT_ID)}, autoStart: true };</script>
<script id="tiledesk-jssdk" src="./launch.js"></script>
</body></html>`;
  const site = await serveFolder(t, dir, {
    '/widget-config.json': JSON.stringify(config),
    '/host.html': host,
  });
  return `${site}host.html`;
}

/** Serves the dashboard pointed at `api`; resolves with its URL (routes are `#/…` after it). */
export function serveDashboard(t: Test, dir: string, api: string): Promise<string> {
  return serveFolder(t, dir, {
    '/dashboard-config.json': JSON.stringify(readmeConfig('dashboard', api)),
  });
}
