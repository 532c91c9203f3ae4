/**
 * Request validation from the spec's schemas, answered in the real server's shape.
 *
 * Ajv choices (deliberate, see STYLE §4):
 * - strict mode, with the OpenAPI-only annotation keywords declared so they are not typos;
 * - no type coercion, no removal of unknown properties, no defaults: the real server neither
 *   rejects nor rewrites fields it does not check, and `attributes` objects stay as sent;
 * - `format: email` is validator.js `isEmail` (13.7, its defaults), the rule express-validator
 *   applies in the real server, not Ajv's own e-mail regex;
 * - all errors are collected, then folded into express-validator's items: one per failing
 *   field, in the order the schema lists its properties (the server's validator-chain order).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import isEmailModule from 'validator/lib/isEmail.js';
import { type ValidationItem, validationFailed } from '../errors.js';
import type { JsonSchema, Operation } from '../openapi.js';

// validator is CommonJS with `exports.default`: under NodeNext the function is `.default`.
const isEmail = isEmailModule.default;
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator'];

export function createAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: false,
    keywords: OPENAPI_KEYWORDS,
    formats: {
      email: (value: string) => isEmail(value),
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

function fieldOf(error: ErrorObject, required: readonly string[]): string[] {
  if (error.instancePath === '') {
    if (error.keyword === 'required') return [String(error.params.missingProperty)];
    // The body is not an object at all: every required field is missing.
    return [...required];
  }
  const first = error.instancePath.split('/')[1] ?? '';
  return [first.replace(/~1/g, '/').replace(/~0/g, '~')];
}

export function describe(errors: readonly ErrorObject[]): string {
  return errors
    .map((e) => {
      const where = e.instancePath === '' ? 'body' : e.instancePath.slice(1).replace(/\//g, '.');
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

/** Turns Ajv's errors into express-validator items, in the order of the schema's properties. */
export function toValidationItems(
  errors: readonly ErrorObject[],
  schema: JsonSchema,
  body: unknown,
): ValidationItem[] {
  const required = (schema.required as string[] | undefined) ?? [];
  const failing = new Set(errors.flatMap((e) => fieldOf(e, required)));
  const order = [...Object.keys((schema.properties as object | undefined) ?? {}), ...failing];
  const source = fieldsOf(body);
  const items: ValidationItem[] = [];
  for (const param of new Set(order)) {
    if (!failing.has(param)) continue;
    const sent = Object.hasOwn(source, param) ? source[param] : undefined;
    // express-validator echoes the value; a password's is left out unless it is empty or null
    // (only then is nothing secret in it). A deliberate divergence: no password in a response.
    const value = /password/i.test(param) && sent !== '' && sent !== null ? undefined : sent;
    items.push(
      value === undefined
        ? { msg: 'Invalid value', param, location: 'body' }
        : { value, msg: 'Invalid value', param, location: 'body' },
    );
  }
  return items;
}

export type RequestValidator = (body: unknown, contentType: string | undefined) => void;

/** Makes the error an API answers a request that fails validation with. */
export type InvalidBody = (
  errors: readonly ErrorObject[],
  schema: JsonSchema,
  body: unknown,
  op: Operation,
) => Error;

/** The Tiledesk API's answer: express-validator's 422. */
export const tiledeskInvalidBody: InvalidBody = (errors, schema, body, op) =>
  validationFailed(
    toValidationItems(errors, schema, body),
    `${op.operationId}: ${describe(errors)}`,
  );

/**
 * Compiles one validator per request media type. A body of another media type was not parsed
 * (the real server leaves it as `{}`), so it is checked against the JSON schema.
 */
export function compileRequestValidator(
  ajv: () => Ajv,
  op: Operation,
  invalid: InvalidBody,
): RequestValidator | undefined {
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
  return (body, contentType) => {
    const requested = mediaType(contentType) ?? '';
    const type = op.requestBody.has(requested) ? requested : fallback;
    const schema = op.requestBody.get(type ?? '');
    if (!type || !schema) return;
    const fields = fieldsOf(body);
    const validate = validatorFor(type, schema);
    if (validate(fields)) return;
    throw invalid(validate.errors ?? [], schema, fields, op);
  };
}
