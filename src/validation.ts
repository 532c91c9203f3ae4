/**
 * Request validation from the spec's schemas, for both APIs: one Ajv, one compiled validator
 * per operation and media type. How a failure is answered is each API's (ToInvalidError).
 *
 * Ajv choices (deliberate):
 * - strict mode, with the OpenAPI-only annotation keywords declared so they are not typos;
 * - no type coercion, no removal of unknown properties, no defaults: the real server neither
 *   rejects nor rewrites fields it does not check, and `attributes` objects stay as sent;
 * - `format: email` is validator.js `isEmail` (13.7, its defaults), the rule express-validator
 *   applies in the real server, not Ajv's own e-mail regex;
 * - all errors are collected, then folded into each API's error body.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema, Operation } from './openapi.js';

/**
 * Ajv and isEmail are loaded by the first createAjv(), on the first request that is validated:
 * a test file's emulator starts without them. Both are CommonJS, so require() loads them.
 */
const require = createRequire(import.meta.url);

/** validator's isEmail (CommonJS with `exports.default`), loaded on first use. */
function isEmail(value: string): boolean {
  const module = require('validator/lib/isEmail.js') as typeof import('validator/lib/isEmail.js');
  return module.default(value);
}

/** Why validator's isEmail throws on `value` (`URI malformed`: a lone UTF-16 surrogate), if it does. */
export function emailCheckError(value: unknown): string | undefined {
  try {
    if (typeof value === 'string') isEmail(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator'];

/**
 * The one Ajv configuration. `coerceTypes` is for parameters only: a query string or a path
 * holds only strings, which their declared types (`integer`, `boolean`) are read from, as
 * Fastify reads them; bodies are never coerced.
 */
export function createAjv({ coerceTypes = false } = {}): Ajv {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv({
    allErrors: true,
    // Errors carry their schema: an unknown key's message can name the closest known one.
    verbose: true,
    strict: true,
    strictTypes: false,
    coerceTypes,
    removeAdditional: false,
    useDefaults: false,
    keywords: OPENAPI_KEYWORDS,
    formats: {
      // isEmail throws on a lone UTF-16 surrogate; the Tiledesk API answers that as the server
      // does (tiledeskInvalidBody), the control API as an invalid e-mail.
      email: (value: string) => emailCheckError(value) === undefined && isEmail(value),
      'date-time': (value: string) =>
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) &&
        !Number.isNaN(Date.parse(value)),
    },
  });
}

/** What Express handlers read as `req.body.x`: an array, a scalar or no body has no fields at all. */
export function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** The essence of a Content-Type header: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

export function describe(errors: readonly ErrorObject[]): string {
  return errors
    .map((e) => {
      const where = e.instancePath === '' ? 'body' : e.instancePath.slice(1).replace(/\//g, '.');
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

/** Where a request carries what is validated: its body, its query string or its path. */
export type Location = 'body' | 'query' | 'path';

/** A field as the validator saw it: where it was read from and the value it checked. */
export interface SentField {
  value: unknown;
  location: Location;
}

/** What one validation run checks: the fields, and where each came from. */
export interface FieldsToCheck {
  fields: Record<string, unknown>;
  seen: Record<string, SentField>;
}

/** The body's fields as they are (the control API: JSON types as the schema declares them). */
export function bodyFields(body: unknown): FieldsToCheck[] {
  const fields = fieldsOf(body);
  const seen: Record<string, SentField> = {};
  for (const [name, value] of Object.entries(fields)) seen[name] = { value, location: 'body' };
  return [{ fields, seen }];
}

export type RequestValidator = (request: {
  body: unknown;
  query: unknown;
  params: unknown;
  contentType: string | undefined;
  unparsableContentType?: string | undefined;
}) => void;

/** Makes the error an API answers a request that fails validation with. */
export type ToInvalidError = (
  errors: readonly ErrorObject[],
  schema: JsonSchema,
  seen: Record<string, SentField>,
  op: Operation,
  note?: string,
  location?: Location,
) => Error;

/** curl's `-d '{…}'` without `-H`: JSON sent as a form, read as one key. */
function jsonAsForm(type: string, body: unknown): string | undefined {
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  const json = Object.keys(fieldsOf(body)).some((key) => /^\s*[{[]/.test(key));
  return json
    ? "the body looks like JSON but was sent as a form (Content-Type application/x-www-form-urlencoded, curl -d's default): add -H 'Content-Type: application/json'"
    : undefined;
}

/** Why the body was not read at all, when its media type is one the operation does not take. */
function unreadBody(op: Operation, contentType: string | undefined, unparsable?: string): string {
  const accepted = [...op.requestBody.keys()].join(' or ');
  const sent =
    unparsable !== undefined
      ? `the Content-Type ${JSON.stringify(unparsable)} cannot be parsed`
      : contentType === undefined
        ? 'there is no Content-Type'
        : `the Content-Type is ${mediaType(contentType)}`;
  return `the body was not read: ${sent}, and the server reads ${accepted} (curl: add -H 'Content-Type: application/json')`;
}

/** How an API reads a request for validation: the fields to check, once or several times. */
export type ReadFields = (body: unknown, query: unknown, schema: JsonSchema) => FieldsToCheck[];

export interface ValidatorOptions {
  /** The Ajv instance for bodies, made on first use. */
  ajv: () => Ajv;
  /** The Ajv instance for parameters (createAjv's, coercing strings), made on first use. */
  parameterAjv: () => Ajv;
  /** Turns a validation failure into that API's error. */
  toInvalidError: ToInvalidError;
  /** What the body validator checks: the body as sent, or what express-validator would see. */
  fieldsToCheck: ReadFields;
  /** Refuses a query parameter the operation does not declare (the control API). */
  closedQuery: boolean;
}

/**
 * Compiles an operation's request validator: its path parameters, then its query parameters,
 * then its body, each against its declaration, by the same Ajv configuration. Parameters are
 * coerced to their declared types in place, so that a handler reads `limit` as a number.
 */
export function compileRequestValidator(
  op: Operation,
  options: ValidatorOptions,
): RequestValidator | undefined {
  const query =
    op.parameters.query ?? (options.closedQuery ? { type: 'object', properties: {} } : undefined);
  const parts = [
    parameterValidator(op, 'path', op.parameters.path, false, options),
    parameterValidator(op, 'query', query, options.closedQuery, options),
    bodyValidator(op, options),
  ].filter((part) => part !== undefined);
  if (parts.length === 0) return undefined;
  return (request) => {
    for (const part of parts) part(request);
  };
}

function parameterValidator(
  op: Operation,
  location: 'path' | 'query',
  declared: JsonSchema | undefined,
  closed: boolean,
  options: ValidatorOptions,
): RequestValidator | undefined {
  if (!declared) return undefined;
  const schema = closed ? { ...declared, additionalProperties: false } : declared;
  let validate: ValidateFunction | undefined;
  return (request) => {
    const values = location === 'path' ? request.params : request.query;
    validate ??= options.parameterAjv().compile(schema);
    if (validate(values ?? {})) return;
    const seen: Record<string, SentField> = {};
    for (const [name, value] of Object.entries(fieldsOf(values))) seen[name] = { value, location };
    throw options.toInvalidError(validate.errors ?? [], schema, seen, op, undefined, location);
  };
}

/**
 * One validator per request media type. A body of another media type was not parsed (the real
 * server leaves it as `{}`), so it is checked against the JSON schema.
 */
function bodyValidator(op: Operation, options: ValidatorOptions): RequestValidator | undefined {
  const { ajv, toInvalidError, fieldsToCheck } = options;
  if (op.requestBody.size === 0) return undefined;
  // Compiled on first use: Ajv's code generation is the largest cost of a cold start otherwise.
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (type: string, schema: JsonSchema): ValidateFunction => {
    let validate = compiled.get(type);
    if (!validate) {
      validate = ajv().compile(schema);
      compiled.set(type, validate);
    }
    return validate;
  };
  const fallback = op.requestBody.has('application/json')
    ? 'application/json'
    : [...op.requestBody.keys()][0];
  return ({ body, query, contentType, unparsableContentType }) => {
    const requested = mediaType(contentType) ?? '';
    const read = op.requestBody.has(requested) && unparsableContentType === undefined;
    const type = read ? requested : fallback;
    const schema = op.requestBody.get(type ?? '');
    if (!type || !schema) return;
    const validate = validatorFor(type, schema);
    for (const view of fieldsToCheck(body, query, schema)) {
      if (validate(view.fields)) continue;
      const note = read
        ? jsonAsForm(type, body)
        : unreadBody(op, contentType, unparsableContentType);
      throw toInvalidError(validate.errors ?? [], schema, view.seen, op, note);
    }
  };
}
