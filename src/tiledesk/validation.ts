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
import { serverError, type ValidationItem, validationFailed } from '../errors.js';
import type { JsonSchema, Operation } from '../openapi.js';

// validator is CommonJS with `exports.default`: under NodeNext the function is `.default`.
const isEmail = isEmailModule.default;
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator'];

export function createAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    // Errors carry their schema: an unknown key's message can name the closest known one.
    verbose: true,
    strict: true,
    strictTypes: false,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: false,
    keywords: OPENAPI_KEYWORDS,
    formats: {
      // isEmail throws on a lone UTF-16 surrogate; tiledeskInvalidBody answers that as the server does.
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

/** A field as the validator saw it: where it was read from and the value it checked. */
export interface Seen {
  value: unknown;
  location: 'body' | 'query';
}

/** What one validation run checks: the fields, and where each came from. */
export interface View {
  fields: Record<string, unknown>;
  seen: Record<string, Seen>;
}

/** The body's fields as they are (the control API: JSON types as the schema declares them). */
export function bodyView(body: unknown): View[] {
  const fields = fieldsOf(body);
  const seen: Record<string, Seen> = {};
  for (const [name, value] of Object.entries(fields)) seen[name] = { value, location: 'body' };
  return [{ fields, seen }];
}

/**
 * What express-validator 6 checks for the fields the real server validates (the schema's
 * required ones): the body's value, else the query string's (`check()` reads both); an array's
 * elements one at a time (an empty array as `''`); an object as `String(value)`. One view per
 * element of the longest array, so that every element is checked. Other fields are as sent.
 */
export function expressViews(body: unknown, query: unknown, schema: JsonSchema): View[] {
  const fields = fieldsOf(body);
  const fromQuery = fieldsOf(query);
  const validated = (schema.required as string[] | undefined) ?? [];
  const views: View[] = [];
  for (let element = 0; element === 0 || element < longest(); element++) {
    const view: View = { fields: { ...fields }, seen: {} };
    for (const [name, value] of Object.entries(fields)) {
      view.seen[name] = { value, location: 'body' };
    }
    for (const name of validated) {
      const inBody = Object.hasOwn(fields, name) && fields[name] !== undefined;
      if (!inBody && !Object.hasOwn(fromQuery, name)) continue;
      const location = inBody ? 'body' : 'query';
      const sent = inBody ? fields[name] : fromQuery[name];
      let value = sent;
      if (Array.isArray(sent))
        value = sent.length === 0 ? '' : sent[Math.min(element, sent.length - 1)];
      if (typeof value === 'object' && value !== null) value = asString(value, name, location);
      view.fields[name] = value;
      const echoed = Array.isArray(sent) && sent.length > 0 ? value : sent;
      view.seen[name] = { value: echoed, location };
    }
    views.push(view);
  }
  return views;

  function longest(): number {
    return Math.max(
      1,
      ...validated.map((name) => {
        const value = Object.hasOwn(fields, name) ? fields[name] : fromQuery[name];
        return Array.isArray(value) ? value.length : 1;
      }),
    );
  }
}

/**
 * express-validator's String(value) of an object field. It throws for a value JavaScript cannot
 * convert (`{"toString":""}`: a TypeError; arrays nested thousands deep: a stack overflow), and
 * so does the real server, which answers 500 `{"err":"error"}`: so does the emulator, on purpose.
 */
function asString(value: object, name: string, location: string): string {
  try {
    return String(value);
  } catch (error) {
    throw serverError(
      'FIELD_NOT_A_STRING',
      `the ${location}'s ${name} cannot be converted to a string (${(error as Error).message}); express-validator converts it, and the real server answers 500 the same way`,
    );
  }
}

/** Turns Ajv's errors into express-validator items, in the order of the schema's properties. */
export function toValidationItems(
  errors: readonly ErrorObject[],
  schema: JsonSchema,
  seen: Record<string, Seen>,
): ValidationItem[] {
  const required = (schema.required as string[] | undefined) ?? [];
  const failing = new Set(errors.flatMap((e) => fieldOf(e, required)));
  const order = [...Object.keys((schema.properties as object | undefined) ?? {}), ...failing];
  const items: ValidationItem[] = [];
  for (const param of new Set(order)) {
    if (!failing.has(param)) continue;
    const field = Object.hasOwn(seen, param) ? seen[param] : undefined;
    const sent = field?.value;
    const location = field?.location ?? 'body';
    // express-validator echoes the value; a password's is left out unless it is empty (only
    // then is nothing secret in it). A deliberate divergence: no password in a response.
    const empty = sent === '' || sent === null || (Array.isArray(sent) && sent.length === 0);
    const value = /password/i.test(param) && !empty ? undefined : sent;
    items.push(
      value === undefined
        ? { msg: 'Invalid value', param, location }
        : { value, msg: 'Invalid value', param, location },
    );
  }
  return items;
}

export type RequestValidator = (request: {
  body: unknown;
  query: unknown;
  contentType: string | undefined;
  unparsableContentType?: string | undefined;
}) => void;

/** Makes the error an API answers a request that fails validation with. */
export type InvalidBody = (
  errors: readonly ErrorObject[],
  schema: JsonSchema,
  seen: Record<string, Seen>,
  op: Operation,
  note?: string,
) => Error;

/** Why validator's isEmail throws on `value` (`URI malformed`: a lone UTF-16 surrogate), if it does. */
function emailCheckError(value: unknown): string | undefined {
  try {
    if (typeof value === 'string') isEmail(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The Tiledesk API's answer: express-validator's 422; or, where isEmail threw on the e-mail
 * (express-validator lets the error through), the real server's 500.
 */
export const tiledeskInvalidBody: InvalidBody = (errors, schema, seen, op, note) => {
  for (const error of errors) {
    const thrown = error.keyword === 'format' ? emailCheckError(error.data) : undefined;
    if (thrown !== undefined) {
      return serverError(
        'EMAIL_CHECK_FAILED',
        `${op.operationId}: validator's isEmail throws on the e-mail (${thrown}: a lone UTF-16 surrogate); the real server answers 500 the same way`,
      );
    }
  }
  return validationFailed(
    toValidationItems(errors, schema, seen),
    `${op.operationId}: ${describe(errors)}${note ? `; ${note}` : ''}`,
  );
};

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

/** How an API reads a request for validation: one view or several. */
export type Views = (body: unknown, query: unknown, schema: JsonSchema) => View[];

/**
 * Compiles one validator per request media type. A body of another media type was not parsed
 * (the real server leaves it as `{}`), so it is checked against the JSON schema.
 */
export function compileRequestValidator(
  ajv: () => Ajv,
  op: Operation,
  invalid: InvalidBody,
  views: Views,
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
  return ({ body, query, contentType, unparsableContentType }) => {
    const requested = mediaType(contentType) ?? '';
    const read = op.requestBody.has(requested) && unparsableContentType === undefined;
    const type = read ? requested : fallback;
    const schema = op.requestBody.get(type ?? '');
    if (!type || !schema) return;
    const validate = validatorFor(type, schema);
    for (const view of views(body, query, schema)) {
      if (validate(view.fields)) continue;
      const note = read
        ? jsonAsForm(type, body)
        : unreadBody(op, contentType, unparsableContentType);
      throw invalid(validate.errors ?? [], schema, view.seen, op, note);
    }
  };
}
