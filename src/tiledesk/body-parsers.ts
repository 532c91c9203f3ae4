/**
 * Body parsing as the real server's Express stack does it (body-parser 1.20):
 * - the body is inflated first when sent `Content-Encoding: gzip` or `deflate` (any case); any
 *   other encoding but `identity` is refused (415, answered 500 `{"err":"error"}`), and so is a
 *   body that does not inflate; the limit applies to the inflated bytes;
 * - the bytes are decoded in the Content-Type's charset with iconv-lite (a leading BOM dropped),
 *   so `charset=utf-16` reads UTF-16 and garbles UTF-8;
 * - JSON in strict mode: an empty body is `{}`, a body that does not start with `{` or `[` is
 *   malformed (500 `{"err":"error"}`), and so is invalid JSON or a charset other than `utf-*`;
 * - form-encoded bodies with qs (`extended: true`), so `attributes[plan]=pro` nests, in UTF-8
 *   only, with at most 1,000 parameters (more is body-parser's 413), under the JSON limit (the
 *   server passes JSON_BODY_LIMIT to both parsers);
 * - any other media type, or a Content-Type that cannot be parsed at all, is not read into the
 *   body, which stays `{}`.
 * `__proto__` and `constructor.prototype` keys are dropped, so no body can pollute a prototype.
 * These errors are body-parser's own: they are answered before cors and express-session run.
 */
import { createRequire } from 'node:module';
import { gunzipSync, inflateSync } from 'node:zlib';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import iconv from 'iconv-lite';

/** qs, loaded by the first form body (a JSON client never needs it). */
let qs: typeof import('qs') | undefined;
const loadQs = () => (qs ??= createRequire(import.meta.url)('qs') as typeof import('qs'));

export class MalformedBodyError extends Error {
  readonly code = 'MALFORMED_BODY';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

/** body-parser's `parameters.too.many`: a PayloadTooLargeError without a `limit`. */
export class TooManyParametersError extends Error {
  readonly code = 'TOO_MANY_PARAMETERS';
  constructor() {
    super(
      `the form body has more than ${PARAMETER_LIMIT} parameters (body-parser's parameterLimit)`,
    );
    this.name = 'TooManyParametersError';
  }
}

const PARAMETER_LIMIT = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** A Content-Type header that could not be parsed (the body was then not read). */
    unparsableContentType?: string;
  }
}

/** The charset parameter of a Content-Type, lower-cased, or undefined. */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

/** Whether the header is one `content-type` can parse (`type/subtype`, then parameters). */
export function parsableContentType(header: string): boolean {
  return /^\s*[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+\s*(;.*)?$/i.test(header);
}

const FIRST_CHAR = /^[ \t\n\r]*(.)/;

/**
 * The body as body-parser reads it: inflated per Content-Encoding (at most `limit` bytes once
 * inflated, else Fastify's too-large error), then decoded in `charset` (a BOM dropped).
 */
export function decodeBody(request: FastifyRequest, body: Buffer, charset: string, limit: number) {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
  let bytes = body;
  if (encoding === 'gzip' || encoding === 'deflate') {
    const inflate = encoding === 'gzip' ? gunzipSync : inflateSync;
    try {
      // One byte over the limit is enough to know it is too large (and bounds a zip bomb).
      bytes = inflate(body, { maxOutputLength: limit + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
      const reason = (error as Error).message;
      throw new MalformedBodyError(`the ${encoding} body does not inflate: ${reason}`);
    }
    if (bytes.length > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
  } else if (encoding !== 'identity') {
    throw new MalformedBodyError(
      `Content-Encoding "${encoding}" is not read (body-parser inflates gzip and deflate only)`,
    );
  }
  if (!iconv.encodingExists(charset)) {
    throw new MalformedBodyError(`charset "${charset}" is unknown (body-parser answers 415)`);
  }
  return iconv.decode(bytes, charset);
}

type Parse = (request: FastifyRequest, body: Buffer, limit: number) => unknown;

/** The JSON parser (strict mode), as body-parser's json() with JSON_BODY_LIMIT. */
function jsonParser(app: FastifyInstance): Parse {
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  return (request, body, limit) => {
    const charset = charsetOf(request.headers['content-type']) ?? 'utf-8';
    if (!charset.startsWith('utf-')) {
      throw new MalformedBodyError(`JSON in charset "${charset}" is not read (utf-* only)`);
    }
    const text = decodeBody(request, body, charset, limit);
    if (text.length === 0) return {};
    const first = FIRST_CHAR.exec(text)?.[1];
    if (first !== '{' && first !== '[') {
      throw new MalformedBodyError(
        `the JSON body must start with "{" or "[" (body-parser strict mode), it starts with ${JSON.stringify(first ?? '')}`,
      );
    }
    let parsed: { error: Error | null; value?: unknown } = { error: null };
    // Fastify's default parser answers at once (secure-json-parse, synchronous).
    parseJson(request, text, (error, value) => {
      parsed = { error, value };
    });
    if (parsed.error) {
      throw new MalformedBodyError(`the body is not valid JSON: ${parsed.error.message}`);
    }
    return parsed.value;
  };
}

/** The form parser, as body-parser's urlencoded({ extended: true }). */
const formParser: Parse = (request, body, limit) => {
  const charset = charsetOf(request.headers['content-type']) ?? 'utf-8';
  if (charset !== 'utf-8') {
    throw new MalformedBodyError(`a form body in charset "${charset}" is not read`);
  }
  const text = decodeBody(request, body, charset, limit);
  // body-parser counts the `&`s: 1,000 of them (1,001 parameters) is too many.
  let ampersands = 0;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    if (++ampersands >= PARAMETER_LIMIT) throw new TooManyParametersError();
  }
  return loadQs().parse(text, {
    allowPrototypes: true,
    depth: 32,
    parameterLimit: PARAMETER_LIMIT,
  });
};

/** The parser body-parser would pick for this Content-Type's media type, if any. */
function parserFor(contentType: string | undefined, json: Parse): Parse | undefined {
  // An unparsable Content-Type was already replaced by application/octet-stream (app.ts).
  const media = /^\s*([^;\s]+)/.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (media === 'application/json') return json;
  if (media === 'application/x-www-form-urlencoded') return formParser;
  return undefined;
}

/** A request that carries a body, as type-is' hasBody() tells it (what body-parser reads). */
function hasBody(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length']) > 0;
}

/** The raw body of a request Fastify does not read (GET, HEAD), at most `limit` bytes. */
async function readRaw(request: FastifyRequest, limit: number): Promise<Buffer> {
  if (Number(request.headers['content-length']) > limit) {
    throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request.raw) {
    length += (chunk as Buffer).length;
    if (length > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The parsers, and the same reading of GET and HEAD bodies on the requests `readsBodyless`
 * picks (those the real server would answer).
 */
export function registerBodyParsers(
  app: FastifyInstance,
  readsBodyless: (request: FastifyRequest) => boolean,
): void {
  const json = jsonParser(app);
  const limit = () => app.initialConfig.bodyLimit ?? 0;
  app.removeAllContentTypeParsers();
  for (const [type, parse] of [
    ['application/json', json],
    ['application/x-www-form-urlencoded', formParser],
  ] as const) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body, done) => {
      let value: unknown;
      try {
        value = parse(request, body as Buffer, limit());
      } catch (error) {
        return done(error as Error);
      }
      done(null, value);
    });
  }

  // Express never reads a body of another media type: it stays unread and req.body is {}.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, {}));

  // body-parser reads a GET's (or HEAD's) body too, where Fastify never does: a malformed or
  // too large one is the same 500 or 413 as on a POST. What it holds is not used.
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined || !hasBody(request) || !readsBodyless(request)) return;
    const parse = parserFor(request.headers['content-type'], json);
    if (parse) parse(request, await readRaw(request, limit()), limit());
  });
}
