/**
 * The Tiledesk API's request validation, as express-validator answers it: the fields of a request
 * it checks (expressValidatorFields) and its 422 (tiledeskInvalidError). Errors are folded into
 * express-validator's items: one per failing field, in the order the schema lists its
 * properties (the server's validator-chain order).
 */
import type { ErrorObject } from 'ajv';
import { serverError, type ValidationItem, validationFailed } from '../errors.js';
import type { JsonSchema } from '../openapi.js';
import {
  describe,
  emailCheckError,
  type FieldsToCheck,
  fieldsOf,
  type SentField,
  type ToInvalidError,
} from '../validation.js';

function fieldOf(error: ErrorObject, required: readonly string[]): string[] {
  if (error.instancePath === '') {
    if (error.keyword === 'required') return [String(error.params.missingProperty)];
    // The body is not an object at all: every required field is missing.
    return [...required];
  }
  const first = error.instancePath.split('/')[1] ?? '';
  return [first.replace(/~1/g, '/').replace(/~0/g, '~')];
}

/**
 * What express-validator 6.15 checks for the fields the real server validates (the schema's
 * required ones): the body's value, else the query string's (`check()` reads both); an array or
 * an object as its `toString()` (below), so that an array is checked by its first element only.
 * Each item of a 422 echoes the value as sent, an array whole. Other fields are as sent.
 */
export function expressValidatorFields(
  body: unknown,
  query: unknown,
  schema: JsonSchema,
): FieldsToCheck {
  const fields = fieldsOf(body);
  const fromQuery = fieldsOf(query);
  const validated = (schema.required as string[] | undefined) ?? [];
  const view: FieldsToCheck = { fields: { ...fields }, seen: {} };
  for (const [name, value] of Object.entries(fields)) {
    view.seen[name] = { value, location: 'body' };
  }
  for (const name of validated) {
    const inBody = Object.hasOwn(fields, name) && fields[name] !== undefined;
    if (!inBody && !Object.hasOwn(fromQuery, name)) continue;
    const location = inBody ? 'body' : 'query';
    const sent = inBody ? fields[name] : fromQuery[name];
    view.fields[name] =
      typeof sent === 'object' && sent !== null ? validatorString(sent, name, location) : sent;
    view.seen[name] = { value: sent, location };
  }
  return view;
}

/**
 * express-validator 6.15's toString(), which its standard validators (isEmail, notEmpty) check:
 * an array is its first element's (one level deep: `[["a@b.co"]]` is `a@b.co`, `[]` is `''`), an
 * object its toString() (its prototype's when its own `toString` is no function), null `''`.
 * Where that throws (`{"toString":""}`: a TypeError; arrays nested thousands deep: a stack
 * overflow), so does the real server, which answers 500 `{"err":"error"}`: so does the emulator.
 */
function validatorString(value: unknown, name: string, location: string, deep = true): string {
  if (Array.isArray(value) && value.length > 0 && deep) {
    return validatorString(value[0], name, location, false);
  }
  try {
    if (typeof value === 'object' && value !== null) {
      const own = (value as { toString?: unknown }).toString;
      if (own) {
        if (typeof own !== 'function') return Object.getPrototypeOf(value).toString.call(value);
        return String(own.call(value));
      }
    }
    // `value == null || (isNaN(value) && !value.length)`: isNaN converts an object, and throws
    // for one whose toString is falsy.
    if (value === null || value === undefined) return '';
    if (Number.isNaN(Number(value)) && !(value as { length?: number }).length) return '';
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
  seen: Record<string, SentField>,
): ValidationItem[] {
  const required = (schema.required as string[] | undefined) ?? [];
  const failing = new Set(errors.flatMap((e) => fieldOf(e, required)));
  const order = [...Object.keys((schema.properties as object | undefined) ?? {}), ...failing];
  const items: ValidationItem[] = [];
  for (const param of new Set(order)) {
    if (!failing.has(param)) continue;
    const field = Object.hasOwn(seen, param) ? seen[param] : undefined;
    const sent = field?.value;
    const seenAt = field?.location ?? 'body';
    const location = seenAt === 'path' ? 'params' : seenAt;
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

/** The Tiledesk API's answer: express-validator's 422, or the real server's 500 (above). */
export const tiledeskInvalidError: ToInvalidError = (errors, schema, seen, op, note) => {
  // Where isEmail threw on the e-mail (express-validator lets the error through): the real 500.
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
