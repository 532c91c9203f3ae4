/**
 * One request, sent with node:http so the request target goes out byte for byte (`//`, case,
 * query) and the answer's framing (chunked or Content-Length) stays visible.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Step } from './cases.js';

export interface Exchange {
  method: string;
  path: string;
  requestHeaders: Record<string, string | string[]>;
  /** At most 300 characters of the request body, for the report. */
  requestBody?: string;
  status: number;
  headers: Record<string, string | string[]>;
  chunked: boolean;
  text: string;
  /** A network error instead of an answer (e.g. the server closed the connection). */
  error?: string;
  /** The server sent `100 Continue` (the request carried `Expect: 100-continue`). */
  continued?: boolean;
}

export interface Prepared {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  chunked: boolean;
}

function hasHeader(headers: Record<string, string | string[]>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

const COMPRESS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/** The body's bytes: in the step's charset, after a BOM if asked, compressed if asked. */
function bodyBytes(text: string, step: Step): Buffer {
  const charset = step.charset ?? 'utf-8';
  const withBom = step.bom ? `\ufeff${text}` : text;
  let bytes: Buffer;
  if (charset === 'utf-16be') bytes = Buffer.from(withBom, 'utf16le').swap16();
  else bytes = Buffer.from(withBom, charset === 'utf-16le' ? 'utf16le' : charset);
  return step.compress ? COMPRESS[step.compress](bytes) : bytes;
}

export function prepare(step: Step): Prepared {
  const headers = { ...step.headers };
  let body: string | undefined;
  let type: string | undefined;
  if (step.json !== undefined) {
    body = JSON.stringify(step.json);
    type = 'application/json';
  } else if (step.form !== undefined) {
    body = typeof step.form === 'string' ? step.form : new URLSearchParams(step.form).toString();
    type = 'application/x-www-form-urlencoded';
  } else if (step.text !== undefined) body = step.text;
  if (type && !hasHeader(headers, 'content-type')) headers['content-type'] = type;
  if (step.compress && !hasHeader(headers, 'content-encoding'))
    headers['content-encoding'] = step.compress;
  return {
    method: step.method ?? 'POST',
    path: step.path,
    headers,
    body: body === undefined ? undefined : bodyBytes(body, step),
    chunked: step.chunked === true,
  };
}

/**
 * The request target sent for `path` to a server at base path `prefix`: an origin-form path gets
 * the prefix in front, an absolute-form one (`http://host/auth/signin`) after its authority, and
 * any other form (`*`) none.
 */
export function requestTarget(prefix: string, path: string): string {
  const absolute = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(path);
  if (absolute) return `${absolute[1]}${prefix}${absolute[2]}`;
  return path.startsWith('/') ? `${prefix}${path}` : path;
}

/**
 * A server that answers before reading a large body (and then closes) can make the client's
 * kernel drop that answer on the connection reset; `send` then tries once more, holding the body
 * back for a moment so that such an early answer arrives first.
 */
export async function send(base: string, req: Prepared, timeoutMs = 20_000): Promise<Exchange> {
  const first = await sendOnce(base, req, timeoutMs, 0);
  if (first.status !== 0 || !req.body || !/ECONNRESET|EPIPE/.test(first.error ?? '')) return first;
  return sendOnce(base, req, timeoutMs, 250);
}

function sendOnce(
  base: string,
  req: Prepared,
  timeoutMs: number,
  holdBodyMs: number,
): Promise<Exchange> {
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/$/, '');
  const headers: Record<string, string | string[]> = { ...req.headers };
  // As browsers and undici do, so that the answer's Connection/Keep-Alive are the server's choice.
  if (!hasHeader(headers, 'connection')) headers.connection = 'keep-alive';
  const expectContinue = Object.entries(headers).some(
    ([k, v]) => k.toLowerCase() === 'expect' && /^100-continue$/i.test(String(v)),
  );
  if (req.body && !req.chunked) headers['content-length'] = String(req.body.length);
  // Node chunks a body by itself on POST and PUT only; a GET's would go out unframed.
  if (req.body && req.chunked && !hasHeader(headers, 'transfer-encoding')) {
    headers['transfer-encoding'] = 'chunked';
  }
  const exchange: Exchange = {
    method: req.method,
    path: req.path,
    requestHeaders: req.headers,
    requestBody: req.body?.subarray(0, 300).toString(),
    status: 0,
    headers: {},
    chunked: false,
    text: '',
  };
  return new Promise((resolve) => {
    let done = false;
    const finish = (error?: string) => {
      if (done) return;
      done = true;
      if (error && exchange.status === 0) exchange.error = error;
      resolve(exchange);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: requestTarget(prefix, req.path),
        headers,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        exchange.status = res.statusCode ?? 0;
        exchange.headers = res.headers as Record<string, string | string[]>;
        exchange.chunked = /chunked/i.test(String(res.headers['transfer-encoding'] ?? ''));
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          exchange.text = Buffer.concat(chunks).toString('utf8');
          finish();
          // The connection is never reused: one request per connection, both servers alike.
          res.socket?.destroy();
        });
        res.on('error', (e) => finish(e.message));
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('continue', () => {
      exchange.continued = true;
    });
    // A server may answer (413) and close before the whole body is written: keep its answer.
    r.on('error', (e) => finish((e as NodeJS.ErrnoException).code ?? e.message));
    let written = false;
    const writeBody = () => {
      if (done || written) return;
      written = true;
      if (req.body) r.write(req.body);
      r.end();
    };
    if (expectContinue && req.body) {
      // As a client that honours Expect: the body goes once the server says 100 Continue
      // (or after a second without an answer, as curl does).
      r.flushHeaders();
      r.on('continue', writeBody);
      setTimeout(writeBody, 1000);
    } else if (holdBodyMs > 0) {
      r.flushHeaders();
      setTimeout(writeBody, holdBodyMs);
    } else writeBody();
  });
}
