/** The control API's own error body: `{ error, message, field? }` (spec/control.yaml ControlError). */
import type { ErrorObject } from 'ajv';
import leven from 'leven';
import { ApiError } from '../errors.js';
import type { ToInvalidError } from '../validation.js';
import { redactUrl } from './journal.js';

export type ControlErrorKind =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'store_failure'
  | 'limit_reached'
  | 'internal_error';

const STATUS: Record<ControlErrorKind, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  store_failure: 500,
  // Insufficient Storage: the emulator keeps no more of this; nothing was changed.
  limit_reached: 507,
  internal_error: 500,
};

/** An error in the control API's own body; the error handler sends it as it is. */
export class ControlError extends ApiError {
  constructor(kind: ControlErrorKind, message: string, field?: string) {
    const body = field === undefined ? { error: kind, message } : { error: kind, message, field };
    super(STATUS[kind], `CONTROL_${kind.toUpperCase()}`, body, message);
    this.name = 'ControlError';
  }
}

export function controlError(kind: ControlErrorKind, message: string, field?: string): ApiError {
  return new ControlError(kind, message, field);
}

/** The control API's 404 for a path or method it does not serve (secrets in the query redacted). */
export function controlNotFound(method: string, url: string): ApiError {
  return controlError('not_found', `no control route ${method} ${redactUrl(url)}`);
}

/** `/users/0/email` → `users[0].email`. */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
      '',
    );
}

/** The field an Ajv error is about, including the missing or the unexpected property. */
export function errorField(error: ErrorObject): string {
  const base = fieldPath(error.instancePath);
  const extra =
    error.keyword === 'required'
      ? String(error.params.missingProperty)
      : error.keyword === 'additionalProperties'
        ? String(error.params.additionalProperty)
        : undefined;
  if (extra === undefined) return base;
  return base ? `${base}.${extra}` : extra;
}

/** What the control API calls a field of each place (its message names the field so). */
const NOUN = { body: '', query: 'query parameter ', path: 'path parameter ' } as const;

export function describeError(error: ErrorObject, location: keyof typeof NOUN = 'body'): string {
  const noun = NOUN[location];
  const field = errorField(error) || 'body';
  if (error.keyword === 'required') return `${noun}${field}: is required`;
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
    const closest = known
      .map((name) => ({ name, distance: leven(key.toLowerCase(), name.toLowerCase()) }))
      .sort((a, b) => a.distance - b.distance)[0];
    const hint =
      closest && closest.distance <= Math.max(2, Math.floor(key.length / 3))
        ? ` (did you mean "${closest.name}"?)`
        : known.length > 0
          ? ` (known: ${known.join(', ')})`
          : '';
    if (location !== 'body')
      return `unknown ${noun}"${key}"${hint || ' (this operation takes none)'}`;
    return `${field === 'body' ? '' : `${field}: `}unknown key "${key}"${hint}`;
  }
  return `${noun}${field}: ${error.message ?? 'is invalid'}`;
}

/** 400 naming the first bad field. */
export const controlInvalidError: ToInvalidError = (
  errors,
  _schema,
  _seen,
  _op,
  _note,
  location,
) => {
  const first = errors[0];
  if (!first) return controlError('invalid_request', `the ${location ?? 'body'} is invalid`);
  return controlError(
    'invalid_request',
    describeError(first, location),
    errorField(first) || undefined,
  );
};

/**
 * A failure on a control route in the control API's own body: its ApiErrors as they are, a
 * malformed body as 400, a body too large as 413, anything else as 500. `asTiledesk` is the same
 * failure as the Tiledesk API would answer it (app.ts's toApiError), which names its kind.
 */
export function toControlError(error: unknown, asTiledesk: ApiError): ApiError {
  if (error instanceof ControlError) return error;
  const detail = asTiledesk.diagnostic ?? asTiledesk.code;
  if (asTiledesk.statusCode === 413) return controlError('payload_too_large', detail);
  if (asTiledesk.code === 'MALFORMED_BODY') return controlError('invalid_request', detail);
  return controlError('internal_error', detail);
}
