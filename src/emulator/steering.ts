/**
 * Response steering for client tests, compatible with Prism's `Prefer` header:
 * `Prefer: code=401` answers with the spec's example for that status, `example=<name>` picks a
 * named example, `delay=<ms>` waits before the real (or steered) answer. A steered answer
 * changes no state. This is the only place that knows about `Prefer`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Operation } from '../openapi.js';
import { DIAGNOSTIC_HEADER, sendBody } from '../reply.js';
import { controlError } from './control-errors.js';

export const STEERED_HEADER = 'x-emulator-steered';
/** A delay longer than this is cut to it, so a typo cannot hang a test run. */
export const MAX_DELAY_MS = 30_000;

export interface Prefer {
  code?: string;
  example?: string;
  delay?: number;
}

/** `code=401, example=wrongPassword; delay=200` → its parts; unknown preferences are ignored. */
export function parsePrefer(header: string | string[] | undefined): Prefer {
  const prefer: Prefer = {};
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split('=');
    const key = rawKey?.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!value) continue;
    if (key === 'code') prefer.code = value;
    else if (key === 'example') prefer.example = value;
    else if (key === 'delay' && /^\d+$/.test(value))
      prefer.delay = Math.min(Number(value), MAX_DELAY_MS);
  }
  return prefer;
}

export interface SteeredAnswer {
  status: number;
  contentType: string;
  body: unknown;
  example: string;
}

function declared(op: Operation): string {
  return [...op.examples.keys()].join(', ');
}

/**
 * Finds the example the preference asks for, or throws a 400 saying what is declared. `asked`
 * names what asked, in the message: the `Prefer` header, or an armed fault's `status`.
 */
export function chooseExample(
  op: Operation,
  prefer: Prefer,
  asked: 'Prefer' | 'fault' = 'Prefer',
): SteeredAnswer {
  const statuses = prefer.code === undefined ? [...op.examples.keys()] : [prefer.code];
  const what =
    asked === 'Prefer'
      ? `Prefer: ${prefer.code ? `code=${prefer.code} ` : ''}example=${prefer.example ?? ''}`
      : `status ${prefer.code}, example ${prefer.example ?? ''}`;
  if (prefer.code !== undefined && !op.examples.has(prefer.code)) {
    throw controlError(
      'invalid_request',
      `${asked === 'Prefer' ? 'Prefer: code=' : 'status '}${prefer.code}: ${op.operationId} declares ${declared(op)}`,
    );
  }
  for (const status of statuses) {
    for (const [contentType, named] of op.examples.get(status) ?? []) {
      const name = prefer.example ?? [...named.keys()][0];
      if (name !== undefined && named.has(name)) {
        return { status: Number(status), contentType, body: named.get(name), example: name };
      }
    }
  }
  throw controlError('invalid_request', `${what}: no such example in ${op.operationId}`);
}

/**
 * Sends a declared example instead of the operation's answer (Prefer or an armed fault): the
 * steered header names it, the diagnostic says why (`reason`) and that no state was changed.
 */
export function sendExample(
  reply: FastifyReply,
  answer: SteeredAnswer,
  reason: string,
): FastifyReply {
  reply
    .header(STEERED_HEADER, `code=${answer.status}, example=${answer.example}`)
    .header(
      DIAGNOSTIC_HEADER,
      `${reason}: status ${answer.status}, example "${answer.example}"; no state was changed`,
    );
  const body = answer.contentType.includes('json') ? answer.body : String(answer.body);
  return sendBody(reply, answer.status, body, answer.contentType);
}

/**
 * Run in the route's preHandler, after an armed fault: nothing without a `Prefer` header (or
 * with only a delay), else the example asked for is sent, and the reply returned so that
 * Fastify stops there.
 */
export async function steer(
  op: Operation,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const header = request.headers.prefer;
  if (header === undefined) return undefined;
  const prefer = parsePrefer(header);
  if (prefer.delay) await sleep(prefer.delay);
  if (prefer.code === undefined && prefer.example === undefined) return undefined;
  return sendExample(reply, chooseExample(op, prefer), 'steered by Prefer');
}
