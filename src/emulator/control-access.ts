/**
 * Who may use the control API: the `controlToken` scheme of spec/control.yaml.
 * - Without a token configured, it answers only when the emulator is bound to a loopback
 *   address (the address actually bound, not the text of --host), and only to requests whose
 *   `Host` names a loopback address, the bound address or an --allowed-host: a web page that
 *   rebinds its own name to 127.0.0.1 cannot reach it.
 * - With a token, every call needs `Authorization: Bearer <token>`, on any address.
 * - A call that changes state must be `application/json`: the requests a web page can send
 *   without a CORS preflight (text/plain, forms, no body) are refused with 415.
 * CORS for it is granted only to the --control-origin origins (app.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { isLoopback } from '../config.js';
import type { Check } from '../handler.js';
import { mediaType } from '../validation.js';
import type { Context } from './context.js';
import { controlError } from './control-errors.js';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The address the server is bound to, e.g. `127.0.0.1` or `::` (undefined before listen). */
export function boundAddress(request: FastifyRequest): string | undefined {
  return (request.server.server.address() as AddressInfo | null)?.address;
}

/** `Host: name:port` → `name` (brackets of an IPv6 literal removed), lower-cased. */
function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d*$/, '');
}

/**
 * Only `localhost`, a loopback IP literal, the bound address or an --allowed-host: never a name
 * that merely starts with `127.` (`127.0.0.1.evil.example`), which DNS can point anywhere.
 */
function localHost(name: string, bound: string | undefined, allowed: readonly string[]): boolean {
  return isLoopback(name) || name === bound || allowed.includes(name);
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH']);

const controlToken: Check<Pick<Context, 'config'>> = async (request, { config }) => {
  const expected = config.controlToken;
  if (expected === undefined) {
    const bound = boundAddress(request);
    if (!isLoopback(bound ?? config.host)) {
      throw controlError(
        'forbidden',
        `the control API is off on ${bound ?? config.host} without a control token; set --control-token or CONTROL_TOKEN`,
      );
    }
    const name = hostName(request.headers.host);
    if (!localHost(name, bound, config.allowedHosts)) {
      throw controlError(
        'forbidden',
        `the Host header names ${JSON.stringify(name)}, not this machine; add --allowed-host ${name || '<name>'} if you reach the emulator under that name`,
      );
    }
  } else {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !sameSecret(match[1], expected)) {
      throw controlError('unauthorized', 'send Authorization: Bearer <control token>');
    }
  }
  if (
    STATE_CHANGING.has(request.method) &&
    mediaType(request.headers['content-type']) !== 'application/json'
  ) {
    throw controlError(
      'unsupported_media_type',
      `a control call that changes state must be sent as application/json (got ${request.headers['content-type'] ?? 'no Content-Type'}); nothing was changed`,
    );
  }
};

/** The control API's security schemes, by the name the spec gives them. */
export const controlSecurity: Record<string, Check<Pick<Context, 'config'>>> = { controlToken };
