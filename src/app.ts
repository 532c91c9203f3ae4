/**
 * buildApp(): the Fastify application, not listening. The only module that wires Fastify:
 * body parsers, JWT, the error and not-found handlers, and the spec's operations.
 */
import fastifyJwt from '@fastify/jwt';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { MalformedBodyError, registerBodyParsers } from './body-parsers.js';
import type { Config } from './config.js';
import { ApiError, payloadTooLarge, serverError } from './errors.js';
import { handlers } from './handlers/index.js';
import type { Spec } from './openapi.js';
import { DIAGNOSTIC_HEADER, headerSafe, registerOperations } from './operations.js';
import { securityHandlers } from './security.js';
import type { Store } from './store.js';
import { createTokens } from './tokens.js';
import { createAjv } from './validation.js';

/** Anything thrown becomes the real server's answer: an ApiError as it is, the rest as its 500. */
export function toApiError(error: unknown, config: Config): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof MalformedBodyError) return serverError(error.code, error.message);
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return payloadTooLarge(
      config.bodyLimit,
      `the body is larger than the limit of ${config.bodyLimit} bytes (JSON_BODY_LIMIT)`,
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
  const unexpected = apiError.statusCode >= 500 && !clientCaused;
  if (unexpected) {
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

export async function buildApp(config: Config, store: Store, spec: Spec): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // stdout is for the ready line; logs go to stderr.
      stream: process.stderr,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimit,
    // Closes idle keep-alive sockets at close(); requests in flight finish first.
    forceCloseConnections: 'idle',
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
  });

  registerBodyParsers(app);
  await app.register(fastifyJwt, {
    secret: { private: config.jwt.signKey, public: config.jwt.verifyKey },
    sign: { algorithm: config.jwt.algorithm as 'HS256' },
  });

  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, config);
    logError(request, error, apiError);
    if (apiError.diagnostic) reply.header(DIAGNOSTIC_HEADER, headerSafe(apiError.diagnostic));
    return reply.code(apiError.statusCode).type(apiError.contentType).send(apiError.body);
  });

  // Express's answer to an unknown route; the diagnostic lists what the emulator serves.
  app.setNotFoundHandler((request, reply) => {
    const served = spec.operations.map((op) => `${op.method} ${op.path}`).join(', ');
    return reply
      .code(404)
      .header(
        DIAGNOSTIC_HEADER,
        headerSafe(
          `no route; served under ${config.basePaths.map((p) => p || '/').join(' ')}: ${served}`,
        ),
      )
      .type('text/html; charset=utf-8')
      .send(`<pre>Cannot ${request.method} ${escapeHtml(request.url.split('?')[0] ?? '')}</pre>`);
  });

  app.decorateRequest('caller', null);
  const tokens = createTokens(app.jwt, config);
  registerOperations(app, spec.operations, handlers, {
    basePaths: config.basePaths,
    ajv: createAjv(),
    ctx: { store, config, tokens, now: config.now },
    preHandlers: securityHandlers(spec.operations, { tokens, store, config }),
  });
  return app;
}
