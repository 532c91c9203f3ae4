/**
 * Mongoose 5.13's casts of an update's values to the user model's paths, as
 * `User.findByIdAndUpdate(id, req.body)` applies them (PUT /auth/verifyemail saves its body so):
 * String, Number, Boolean, Date and Mixed paths; a value that does not cast fails the update
 * with a CastError, which the real route sends as it serialises (`{"success":false,"msg":…}`).
 */
import { inspect } from 'node:util';

export type PathType = 'string' | 'number' | 'boolean' | 'date' | 'mixed';

/** mongoose's CastError as JSON.stringify writes it. */
export class CastFailure extends Error {
  readonly json: Record<string, unknown>;
  constructor(json: Record<string, unknown>) {
    super(String(json.message));
    this.name = 'CastFailure';
    this.json = json;
  }
}

/** mongoose's getValueType: typeof for primitives, the constructor's name for objects. */
function valueType(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'Object';
}

function castError(kind: string, value: unknown, path: string | undefined, reason: unknown) {
  // mongoose's getStringValue: util.inspect, its quotes made double, then quoted if it was not.
  const inspected = inspect(value).replace(/^'|'$/g, '"');
  const stringValue = inspected.startsWith('"') ? inspected : `"${inspected}"`;
  const type = valueType(value);
  return {
    stringValue,
    valueType: type,
    kind,
    value,
    path,
    reason,
    name: 'CastError',
    message: `Cast to ${kind} failed for value ${stringValue} (type ${type}) at path "${path}"`,
  };
}

/** Node's AssertionError of `assert.ok(false)`, as JSON (Number and Date casts assert). */
const ASSERTION = {
  generatedMessage: true,
  code: 'ERR_ASSERTION',
  actual: false,
  expected: true,
  operator: '==',
};

const TRUE = new Set<unknown>([true, 'true', 1, '1', 'yes']);
const FALSE = new Set<unknown>([false, 'false', 0, '0', 'no']);

function castString(value: unknown, path: string): unknown {
  if (value === null) return null;
  if (typeof value !== 'object') return String(value);
  const id = (value as { _id?: unknown })._id;
  if (typeof id === 'string') return id;
  // Only an object with its own toString casts; "[object Object]" is refused, and so is a list.
  const own = (value as { toString?: unknown }).toString;
  if (!Array.isArray(value) && typeof own === 'function' && own !== Object.prototype.toString) {
    return String(value);
  }
  throw new CastFailure(castError('string', value, path, null));
}

function castNumber(value: unknown, path: string): unknown {
  if (value === null) return null;
  if (value === '') return null;
  const number = typeof value === 'string' || typeof value === 'boolean' ? Number(value) : value;
  if (typeof number === 'number' && !Number.isNaN(number)) return number;
  throw new CastFailure(castError('Number', value, path, ASSERTION));
}

function castBoolean(value: unknown, path: string): unknown {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  if (value === null) return null;
  // The inner error has no path (its message says "undefined") and no reason.
  const reason = castError('boolean', value, undefined, undefined);
  throw new CastFailure(castError('Boolean', value, path, reason));
}

function castDate(value: unknown, path: string): unknown {
  if (value === null || value === '') return null;
  const date =
    typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value))
      ? new Date(Number(value))
      : typeof value === 'string'
        ? new Date(value)
        : new Date(Number.NaN);
  if (!Number.isNaN(date.getTime())) return date.toISOString();
  throw new CastFailure(castError('date', value, path, ASSERTION));
}

/** Casts `value` for a path of `type`; throws CastFailure as mongoose would. */
export function castPath(type: PathType, value: unknown, path: string): unknown {
  switch (type) {
    case 'string':
      return castString(value, path);
    case 'number':
      return castNumber(value, path);
    case 'boolean':
      return castBoolean(value, path);
    case 'date':
      return castDate(value, path);
    default:
      return value;
  }
}
