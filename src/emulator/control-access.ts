/**
 * Who may use the control API: the `controlToken` scheme of spec/control.yaml. Without a token
 * configured, the control API answers only when the emulator listens on a loopback address, so
 * a container on 0.0.0.0 is not resettable by anyone on the network.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopback } from '../config.js';
import type { Check } from '../tiledesk/security.js';
import { controlError } from './control-errors.js';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const controlToken: Check = async (request, deps) => {
  const expected = deps.config.controlToken;
  if (expected === undefined) {
    if (isLoopback(deps.config.host)) return;
    throw controlError(
      'forbidden',
      `the control API is off on ${deps.config.host} without a control token; set --control-token or CONTROL_TOKEN`,
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1] || !sameSecret(match[1], expected)) {
    throw controlError('unauthorized', 'send Authorization: Bearer <control token>');
  }
};

/** The control API's security schemes, by the name the spec gives them. */
export const controlSecurity: Record<string, Check> = { controlToken };
