/**
 * Mongoose 5.13's casts of an update's values to the user model's paths, as
 * `User.findByIdAndUpdate(id, req.body)` applies them (PUT /auth/verifyemail saves its body so):
 * String, Number, Boolean, Date and Mixed paths; a value that does not cast fails the update
 * with a CastError, which the real route sends as it serialises (`{"success":false,"msg":…}`).
 * The values come from JSON or a form, so an object's `toString` and `valueOf` are the
 * inherited ones, or a key of the body (never a function): JavaScript's own conversions of such a
 * value (`Number(value)`, `new Date(value)`) then fail with a TypeError, which mongoose keeps as
 * the CastError's reason and which serialises as `{}`.
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** mongoose's getValueType: typeof, or for an object its constructor's name (if a function). */
function valueType(value: unknown): string {
  if (!isObject(value)) return typeof value;
  const maker = value.constructor;
  return typeof maker === 'function' ? maker.name : 'object';
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
/** A TypeError as JSON: its message and stack are not enumerable. */
const TYPE_ERROR = {};

const TRUE = new Set<unknown>([true, 'true', 1, '1', 'yes']);
const FALSE = new Set<unknown>([false, 'false', 0, '0', 'no']);

/**
 * What a String path saves of an object: a document's _id stands for it, when it is a string that
 * is not empty (`{"_id":"x"}` saves "x"); undefined when the object does not cast (its toString is
 * Object's, or a key that is not a function; a list's _id is never set).
 */
export function stringOfObject(value: object): string | undefined {
  const id = (value as { _id?: unknown })._id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function castString(value: unknown, path: string): unknown {
  if (value === null) return null;
  if (!isObject(value)) return String(value);
  const id = stringOfObject(value);
  if (id !== undefined) return id;
  throw new CastFailure(castError('string', value, path, null));
}

function castNumber(value: unknown, path: string): unknown {
  // A document's _id stands for it: {"_id":5} casts as 5, and the error names the _id.
  const given = isObject(value) && Object.hasOwn(value, '_id') ? value._id : value;
  if (given === null || given === '') return null;
  let number: number;
  try {
    number = Number(given);
  } catch {
    throw new CastFailure(castError('Number', given, path, TYPE_ERROR));
  }
  // Only a string, a boolean or a number casts; a list such as [5] converts, and still fails.
  if (!isObject(given) && !Number.isNaN(number)) return number;
  throw new CastFailure(castError('Number', given, path, ASSERTION));
}

function castBoolean(value: unknown, path: string): unknown {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  if (value === null) return null;
  // The inner error has no path (its message says "undefined") and no reason.
  const reason = castError('boolean', value, undefined, undefined);
  throw new CastFailure(castError('Boolean', value, path, reason));
}

/**
 * A string of a number counts as milliseconds when it is no year a Date can hold (from 275,761
 * up, or below -271,820); any other string is parsed.
 */
const YEAR_AFTER_LAST = 275_761;
const FIRST_YEAR = -271_820;

function castDate(value: unknown, path: string): unknown {
  if (value === null || value === '') return null;
  if (typeof value === 'boolean') throw new CastFailure(castError('date', value, path, ASSERTION));
  const number = typeof value === 'string' ? Number(value) : Number.NaN;
  let date: Date;
  try {
    // A number is milliseconds; a string is parsed as a date ("2021" is a year), unless it is a
    // number out of the years' range; a list is parsed as its elements joined ([2021] is a year).
    date =
      number >= YEAR_AFTER_LAST || number < FIRST_YEAR
        ? new Date(number)
        : new Date(value as string | number);
  } catch {
    throw new CastFailure(castError('date', value, path, TYPE_ERROR));
  }
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
