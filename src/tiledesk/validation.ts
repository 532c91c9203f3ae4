/**
 * The Tiledesk API's request validation, as express-validator answers it: the fields of a request
 * it checks (expressValidatorFields) and its 422 (tiledeskInvalidError). Errors are folded into
 * express-validator's items: one per failing field, in the order the schema lists its
 * properties (the server's validator-chain order).
 */
import type { ErrorObject } from 'ajv';
import { type ValidationItem, validationFailed } from '../errors.js';
import type { JsonSchema } from '../openapi.js';
import {
  describe,
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
 * What express-validator 6 checks for the fields the real server validates (the schema's
 * required ones): the body's value, else the query string's (`check()` reads both); an array's
 * elements one at a time (an empty array as `''`); an object as `String(value)`. One FieldsToCheck per
 * element of the longest array, so that every element is checked. Other fields are as sent.
 */
export function expressValidatorFields(
  body: unknown,
  query: unknown,
  schema: JsonSchema,
): FieldsToCheck[] {
  const fields = fieldsOf(body);
  const fromQuery = fieldsOf(query);
  const validated = (schema.required as string[] | undefined) ?? [];
  const views: FieldsToCheck[] = [];
  for (let element = 0; element === 0 || element < longest(); element++) {
    const view: FieldsToCheck = { fields: { ...fields }, seen: {} };
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
      if (typeof value === 'object' && value !== null) value = String(value);
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

/** The Tiledesk API's answer: express-validator's 422. */
export const tiledeskInvalidError: ToInvalidError = (errors, schema, seen, op, note) =>
  validationFailed(
    toValidationItems(errors, schema, seen),
    `${op.operationId}: ${describe(errors)}${note ? `; ${note}` : ''}`,
  );
