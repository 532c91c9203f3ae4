/**
 * buildApp(): the Fastify application, not listening. The only module that wires Fastify:
 * body parsers, CORS, JWT, the error and not-found handlers, the journal, the served docs, and
 * the operations of both specs (the Tiledesk API and the emulator's control API).
 */
import fastifyCors from '@fastify/cors';
import fastifyJwt from '@fastify/jwt';
import type { Ajv } from 'ajv';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import { controlHandlers, type EmulatorInfo } from './emulator/control.js';
import { controlSecurity } from './emulator/control-access.js';
import { controlInvalidBody, toControlError } from './emulator/control-errors.js';
import { registerDocs } from './emulator/docs.js';
import { Journal, redactUrl } from './emulator/journal.js';
import { STEERED_HEADER, steer } from './emulator/steering.js';
import { ApiError, payloadTooLarge, serverError } from './errors.js';
import type { Spec } from './openapi.js';
import { registerOperations, securityHandlers } from './operations.js';
import { DIAGNOSTIC_HEADER, headerSafe, sendBody } from './reply.js';
import type { Store } from './store/index.js';
import {
  FORM_BODY_LIMIT,
  MalformedBodyError,
  registerBodyParsers,
} from './tiledesk/body-parsers.js';
import { handlers } from './tiledesk/handlers/index.js';
import { tiledeskSecurity } from './tiledesk/security.js';
import { createTokens } from './tiledesk/tokens.js';
import { createAjv, mediaType, tiledeskInvalidBody } from './tiledesk/validation.js';

export interface AppDeps {
  config: Config;
  store: Store;
  /** The Tiledesk API document. */
  spec: Spec;
  /** The control API document (spec/control.yaml). */
  controlSpec: Spec;
  info: EmulatorInfo;
  /** Defaults to a new, empty journal. */
  journal?: Journal;
}

/** Anything thrown becomes the real server's answer: an ApiError as it is, the rest as its 500. */
export function toApiError(error: unknown, config: Config, contentType?: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof MalformedBodyError) return serverError(error.code, error.message);
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const form = mediaType(contentType) === 'application/x-www-form-urlencoded';
    const limit = form ? FORM_BODY_LIMIT : config.bodyLimit;
    const which = form ? 'form bodies (fixed, as body-parser)' : 'JSON (JSON_BODY_LIMIT)';
    return payloadTooLarge(
      limit,
      `the body is larger than the limit of ${limit} bytes for ${which}`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return serverError(fastifyError.code ?? 'INTERNAL', `unexpected error: ${reason}`);
}

function logError(request: FastifyRequest, error: unknown, apiError: ApiError): void {
  const operationId = request.routeOptions.config.operationId;
  // A client's mistake (malformed body, too large) is not the emulator's failure.
  const clientCaused =
    error instanceof ApiError ||
    error instanceof MalformedBodyError ||
    ((error as Partial<FastifyError>).statusCode ?? 500) < 500;
  if (apiError.statusCode >= 500 && !clientCaused) {
    request.log.error(
      { err: error, operationId },
      `unexpected error in ${operationId ?? request.url}`,
    );
  } else {
    request.log.info(
      { operationId, code: apiError.code, diagnostic: apiError.diagnostic },
      `answered ${apiError.statusCode} ${apiError.code}`,
    );
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function createFastify(config: Config): FastifyInstance {
  return Fastify({
    // Silent means no logger at all: pino would still make a child logger for every request.
    logger: config.logLevel !== 'silent' && {
      level: config.logLevel,
      // stdout is for the ready line; logs go to stderr.
      stream: process.stderr,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      // The request line may carry a token (?secret_token=): log the URL with it redacted.
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
        }),
      },
    },
    bodyLimit: config.bodyLimit,
    // Closes idle keep-alive sockets at close(); requests in flight finish first.
    forceCloseConnections: 'idle',
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
  });
}

function handleErrors(app: FastifyInstance, deps: AppDeps): void {
  const { config, spec } = deps;
  app.setErrorHandler((error, request, reply) => {
    const tiledesk = toApiError(error, config, request.headers['content-type']);
    // The control API answers its own error body, never the Tiledesk one.
    const apiError =
      request.routeOptions.config.api === 'control' ? toControlError(error, tiledesk) : tiledesk;
    logError(request, error, apiError);
    if (apiError.diagnostic) reply.header(DIAGNOSTIC_HEADER, headerSafe(apiError.diagnostic));
    return sendBody(request, reply, apiError.statusCode, apiError.body, apiError.contentType);
  });
  // Express's answer to an unknown route; the diagnostic lists what the emulator serves.
  app.setNotFoundHandler((request, reply) => {
    const served = spec.operations.map((op) => `${op.method} ${op.path}`).join(', ');
    const bases = config.basePaths.map((p) => p || '/').join(' ');
    return reply
      .code(404)
      .header(DIAGNOSTIC_HEADER, headerSafe(`no route; served under ${bases}: ${served}`))
      .type('text/html; charset=utf-8')
      .send(`<pre>Cannot ${request.method} ${escapeHtml(request.url.split('?')[0] ?? '')}</pre>`);
  });
}

/** Journals every Tiledesk API request once answered (redacted when the journal is read). */
function recordRequests(app: FastifyInstance, journal: Journal): void {
  // A callback hook, not an async one: this runs on every request, and records by reference.
  app.addHook('onResponse', (request, reply, done) => {
    const { api, operationId } = request.routeOptions.config;
    if (api === 'tiledesk' && operationId !== undefined) {
      journal.record({
        operationId,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        startedAt: Date.now() - reply.elapsedTime,
        durationMs: reply.elapsedTime,
        body: request.body,
      });
    }
    done();
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const journal = deps.journal ?? new Journal();
  const app = createFastify(config);

  registerBodyParsers(app);
  // As the real server's cors(): every origin, the usual methods, the request's headers.
  await app.register(fastifyCors, {
    origin: '*',
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: [DIAGNOSTIC_HEADER, STEERED_HEADER],
  });
  await app.register(fastifyJwt, {
    secret: { private: config.jwt.signKey, public: config.jwt.verifyKey },
    sign: { algorithm: config.jwt.algorithm as 'HS256' },
  });
  handleErrors(app, deps);
  // Once close() has begun, answers end their connection: a client's idle keep-alive socket
  // would otherwise hold the shutdown until the client drops it.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!app.server.listening) reply.header('connection', 'close');
    done(null, payload);
  });
  recordRequests(app, journal);
  registerDocs(app, deps.spec);

  app.decorateRequest('caller', null);
  const tokens = createTokens(app.jwt, config);
  let sharedAjv: Ajv | undefined;
  const ajv = () => {
    sharedAjv ??= createAjv();
    return sharedAjv;
  };
  registerOperations(app, deps.spec.operations, handlers, {
    api: 'tiledesk',
    basePaths: config.basePaths,
    ajv,
    invalid: tiledeskInvalidBody,
    ctx: { store, config, tokens, now: config.now },
    preHandlers: securityHandlers(deps.spec.operations, tiledeskSecurity, {
      tokens,
      store,
      config,
    }),
    intercept: steer,
  });
  registerOperations(app, deps.controlSpec.operations, controlHandlers, {
    api: 'control',
    basePaths: [''],
    ajv,
    invalid: controlInvalidBody,
    ctx: { store, config, journal, info: deps.info },
    preHandlers: securityHandlers(deps.controlSpec.operations, controlSecurity, {
      tokens,
      store,
      config,
    }),
  });
  return app;
}
