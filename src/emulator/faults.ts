/**
 * Faults armed on the server (POST /__emulator/faults): the next calls of an operation get an
 * error answer, a delay or a broken connection, with nothing asked by the client (the
 * counterpart of `Prefer`, which the client sends). Checked before steering and security.
 */
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { components } from '../control-types.js';
import type { Operation } from '../openapi.js';
import { DIAGNOSTIC_HEADER, sendBody } from '../reply.js';
import { controlError } from './control-errors.js';
import { chooseExample, STEERED_HEADER, sendExample } from './steering.js';

export type FaultRequest = components['schemas']['FaultRequest'];
export type Fault = components['schemas']['Fault'];

/** A status the operation does not declare may be armed when it is an error (a gateway's 502). */
const undeclaredAllowed = (status: number) => status >= 400 && status <= 599;

/**
 * The faults armed in one namespace: at most --max-faults (507 past it), kept by operation so
 * that a call looks only at its own operation's faults, and listed a page at a time.
 */
export class Faults {
  /** Every fault, oldest first, by id. */
  readonly #all = new Map<string, Fault>();
  /** The same faults by operationId, oldest first. */
  readonly #byOperation = new Map<string, Fault[]>();
  #next = 1;

  /**
   * Arms a fault: a declared status (and example) answers with its example, an undeclared one
   * must be 400 to 599 and answers a plain-text body. Anything else is a 400; past `max`
   * (--max-faults), a 507.
   */
  arm(request: FaultRequest, operations: readonly Operation[], now: Date, max: number): Fault {
    const op = operations.find((candidate) => candidate.operationId === request.operationId);
    if (!op) {
      const known = operations.map((candidate) => candidate.operationId).join(', ');
      throw controlError(
        'invalid_request',
        `no operation ${request.operationId}; the operations are ${known}`,
        'operationId',
      );
    }
    if (
      request.status === undefined &&
      request.fault === undefined &&
      request.delayMs === undefined
    ) {
      throw controlError('invalid_request', 'a fault needs a status, a fault or a delayMs');
    }
    if (request.status !== undefined) {
      const code = String(request.status);
      if (op.examples.has(code) || request.example !== undefined) {
        // Throws a 400 naming what the operation declares.
        chooseExample(op, { code, ...(request.example && { example: request.example }) }, 'fault');
      } else if (!undeclaredAllowed(request.status)) {
        throw controlError(
          'invalid_request',
          `status ${code}: ${op.operationId} declares ${[...op.examples.keys()].join(', ')}; any other status must be an error, 400 to 599`,
          'status',
        );
      }
    }
    if (this.#all.size >= max) {
      throw controlError(
        'limit_reached',
        `${this.#all.size} faults are armed, the most --max-faults (MAX_FAULTS) allows in a namespace; clear some (DELETE /__emulator/faults) or raise the limit. Nothing was armed`,
      );
    }
    const fault: Fault = {
      id: `f${this.#next++}`,
      ...request,
      ...(request.times === undefined && request.probability === undefined && { times: 1 }),
      hits: 0,
      createdAt: now.toISOString(),
    };
    this.#all.set(fault.id, fault);
    const same = this.#byOperation.get(fault.operationId) ?? [];
    same.push(fault);
    this.#byOperation.set(fault.operationId, same);
    return fault;
  }

  /** Every fault armed, oldest first (the faults themselves: copy what leaves). */
  list(): readonly Fault[] {
    return [...this.#all.values()];
  }

  clear(): void {
    this.#all.clear();
    this.#byOperation.clear();
  }

  remove(id: string): boolean {
    const fault = this.#all.get(id);
    if (!fault) return false;
    this.#all.delete(id);
    const same = this.#byOperation.get(fault.operationId) ?? [];
    same.splice(same.indexOf(fault), 1);
    if (same.length === 0) this.#byOperation.delete(fault.operationId);
    return true;
  }

  /** The first fault armed for this call, counted (and dropped once used up); or none. */
  take(operationId: string, random: () => number): Fault | undefined {
    const fault = this.#byOperation
      .get(operationId)
      ?.find(
        (candidate) => candidate.probability === undefined || random() < candidate.probability,
      );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.times !== undefined && --fault.times <= 0) this.remove(fault.id);
    return { ...fault };
  }
}

/**
 * The route's first preHandler: applies the fault armed for this call, if any. Returns the reply
 * when it answered (or took the connection), so that Fastify stops there.
 */
export async function applyFault(
  fault: Fault,
  op: Operation,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const note = `fault ${fault.id} armed on the server (POST /__emulator/faults)`;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.fault !== undefined) {
    reply.hijack();
    const socket = request.raw.socket;
    if (fault.fault === 'reset') socket.destroy();
    else if (fault.fault === 'malformed') {
      socket.end(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 64\r\n\r\n{"success":tr',
      );
    }
    // 'hang': nothing is sent; the client or a shutdown ends the connection.
    return reply;
  }
  if (fault.status === undefined) {
    reply.header(DIAGNOSTIC_HEADER, `${note}: delayed ${fault.delayMs} ms`);
    return undefined;
  }
  if (!op.examples.has(String(fault.status))) {
    // Outside the contract: what a proxy in front would send, its status's reason phrase.
    reply
      .header(STEERED_HEADER, `code=${fault.status}`)
      .header(
        DIAGNOSTIC_HEADER,
        `${note}: status ${fault.status}, which ${op.operationId} does not declare (a plain-text body); no state was changed`,
      );
    return sendBody(
      reply,
      fault.status,
      STATUS_CODES[fault.status] ?? 'Error',
      'text/plain; charset=utf-8',
    );
  }
  const answer = chooseExample(
    op,
    { code: String(fault.status), ...(fault.example && { example: fault.example }) },
    'fault',
  );
  return sendExample(reply, answer, note);
}
