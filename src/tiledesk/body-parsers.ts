/**
 * Body parsing as the real server's Express stack does it (body-parser 1.20):
 * - JSON in strict mode: an empty body is `{}`, a body that does not start with `{` or `[` is
 *   malformed (500 `{"err":"error"}`), and so is invalid JSON;
 * - form-encoded bodies with qs (`extended: true`), so `attributes[plan]=pro` nests;
 * - any other media type is not read into the body, which stays `{}`.
 * `__proto__` and `constructor.prototype` keys are dropped, so no body can pollute a prototype.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import qs from 'qs';

export class MalformedBodyError extends Error {
  readonly code = 'MALFORMED_BODY';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

/** body-parser's default limit for form bodies: 100 KB. */
export const FORM_BODY_LIMIT = 100 * 1024;

const FIRST_CHAR = /^[ \t\n\r]*(.)/;

export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeAllContentTypeParsers();

  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = body.toString();
      if (text.length === 0) return done(null, {});
      const first = FIRST_CHAR.exec(text)?.[1];
      if (first !== '{' && first !== '[') {
        return done(
          new MalformedBodyError(
            `the JSON body must start with "{" or "[" (body-parser strict mode), it starts with ${JSON.stringify(first ?? '')}`,
          ),
          undefined,
        );
      }
      parseJson(request, text, (error, value) => {
        if (error)
          return done(new MalformedBodyError(`the body is not valid JSON: ${error.message}`));
        done(null, value);
      });
    },
  );

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    // body-parser's urlencoded() keeps its default 100 KB limit (JSON_BODY_LIMIT is for JSON only).
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request: FastifyRequest, body: string | Buffer, done) => {
      done(
        null,
        qs.parse(body.toString(), { allowPrototypes: true, depth: 32, parameterLimit: 1000 }),
      );
    },
  );

  // Express never reads a body of another media type: it stays unread and req.body is {}.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, {}));
}
