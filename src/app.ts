/**
 * buildApp(): the Fastify application, not listening. The only module that wires Fastify:
 * body parsers, CORS, JWT, the error and not-found handlers, the journal, the served docs, and
 * the operations of both specs (the Tiledesk API and the emulator's control API).
 */
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import fastifyJwt from '@fastify/jwt';
import type { Ajv } from 'ajv';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Config } from './config.js';
import type { Context } from './emulator/context.js';
import { controlHandlers } from './emulator/control.js';
import { controlSecurity } from './emulator/control-access.js';
import {
  controlError,
  controlInvalidError,
  controlNotFound,
  toControlError,
} from './emulator/control-errors.js';
import { DOCS_PATHS, registerDocs } from './emulator/docs.js';
import { applyFault } from './emulator/faults.js';
import { keptBody, redactUrl } from './emulator/journal.js';
import { endStreams } from './emulator/live-journal.js';
import { NAMESPACE_HEADER, type NamespaceState, Namespaces } from './emulator/namespaces.js';
import { type EmulatorInfo, type EmulatorState, newEmulatorState } from './emulator/state.js';
import { STEERED_HEADER, steer } from './emulator/steering.js';
import { registerUi } from './emulator/ui.js';
import { ApiError, payloadTooLarge, serverError } from './errors.js';
import type { Spec } from './openapi.js';
import { registerOperations, securityHandlers } from './operations.js';
import { DIAGNOSTIC_HEADER, headerSafe, sendBody } from './reply.js';
import type { Store } from './store/index.js';
import {
  MalformedBodyError,
  parsableContentType,
  registerBodyParsers,
  TooManyParametersError,
} from './tiledesk/body-parsers.js';
import { clientError } from './tiledesk/client-errors.js';
import {
  authenticatingMount,
  expressRouting,
  MALFORMED_PARAM,
  sessionCookie,
  UNROUTED,
  unrouted,
  weakEtag,
} from './tiledesk/express.js';
import { handlers } from './tiledesk/handlers/index.js';
import type { SendMail } from './tiledesk/mail.js';
import { originForm } from './tiledesk/request-target.js';
import { tiledeskSecurity } from './tiledesk/security.js';
import { describeSmtp, smtpDelivery } from './tiledesk/smtp.js';
import { createTokens } from './tiledesk/tokens.js';
import { expressValidatorFields, tiledeskInvalidError } from './tiledesk/validation.js';
import { bodyFields, createAjv } from './validation.js';

export interface AppDeps {
  config: Config;
  store: Store;
  /** The Tiledesk API document. */
  spec: Spec;
  /** The control API document (spec/control.yaml). */
  controlSpec: Spec;
  info: EmulatorInfo;
  /** The journal, faults, coverage and snapshots; new and empty by default. */
  state?: EmulatorState;
  /** Makes a namespace's state (server.ts: a store in memory from the fixtures). */
  makeNamespace?: (name: string) => Promise<NamespaceState>;
}

/** Anything thrown becomes the real server's answer: an ApiError as it is, the rest as its 500. */
export function toApiError(error: unknown, config: Config): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof MalformedBodyError) return serverError(error.code, error.message);
  if (error instanceof TooManyParametersError) {
    return new ApiError(413, error.code, { err: 'Request entity too large' }, error.message);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = config.bodyLimit;
    return payloadTooLarge(
      limit,
      `the body is larger than the limit of ${limit} bytes (JSON_BODY_LIMIT, for JSON and form bodies)`,
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
    error instanceof TooManyParametersError ||
    ((error as Partial<FastifyError>).statusCode ?? 500) < 500;
  // Other answers are logged once, in the request's line (logRequests()).
  if (apiError.statusCode >= 500 && !clientCaused) {
    request.log.error(
      { err: error, operationId },
      `unexpected error in ${operationId ?? request.url}`,
    );
  }
}

/**
 * Where logs go: pretty, one coloured line each, on a terminal; JSON lines otherwise (and then
 * pino-pretty is not even loaded).
 */
async function logStream(): Promise<NodeJS.WritableStream> {
  if (!process.stderr.isTTY) return process.stderr;
  const { default: pinoPretty } = await import('pino-pretty');
  return pinoPretty({
    destination: 2,
    colorize: true,
    singleLine: true,
    ignore: 'pid,hostname,reqId',
    translateTime: 'SYS:HH:MM:ss.l',
  });
}

/** One line per request, once answered: method, path, status, time, and the diagnosis if any. */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const diagnostic = reply.getHeader(DIAGNOSTIC_HEADER);
    request.log.info(
      {
        operationId: request.routeOptions.config.operationId,
        ...(diagnostic !== undefined && { diagnostic }),
      },
      `${request.method} ${redactUrl(request.originalUrl)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
    );
    done();
  });
}

/** Node's default, which the real server keeps (`Keep-Alive: timeout=5`). */
const KEEP_ALIVE_TIMEOUT_MS = 5000;

function createFastify(
  config: Config,
  rewrite: (url: string) => string,
  stream: NodeJS.WritableStream,
): FastifyInstance {
  return Fastify({
    rewriteUrl: (request) => {
      // Routed as Express would: by the path of an absolute-form target, without a fragment.
      const url = originForm(request.url ?? '/');
      (request as { originalUrl?: string }).originalUrl = url;
      // /__ns/<name>/… is the namespace header in the path: the header is set, the prefix goes.
      const prefixed = /^\/__ns\/([^/?]+)(.*)$/.exec(url);
      if (!prefixed) return rewrite(url);
      // A name that is not one (a bad escape) is refused by the namespace check.
      request.headers[NAMESPACE_HEADER] = prefixed[1] as string;
      return rewrite(prefixed[2] || '/');
    },
    // Silent means no logger at all: pino would still make a child logger for every request.
    logger: config.logLevel !== 'silent' && {
      level: config.logLevel,
      // stdout is for the ready line; logs go to stderr.
      stream,
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
    // One line per request instead of Fastify's two (logRequests()).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // A client that stalls its headers or body is answered 408 (by Node) and let go.
    requestTimeout: config.requestTimeout,
    http: {
      headersTimeout: config.headersTimeout,
      requestTimeout: config.requestTimeout,
      connectionsCheckingInterval: 1000,
    },
    // Closes idle keep-alive sockets at close(); requests in flight finish first.
    forceCloseConnections: 'idle',
    // Node's default, which the real server keeps: `Keep-Alive: timeout=5` (Fastify's is 72 s).
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Node's own answer, as the real server's, with Connection: close (tiledesk/client-errors.ts).
    clientErrorHandler: clientError,
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // No route has a Fastify schema (validation.ts validates from the spec), so Fastify's own
    // compilers (a second Ajv with ajv-formats, fast-json-stringify) are never loaded.
    schemaController: {
      compilersFactory: { buildValidator: noFastifySchemas, buildSerializer: noFastifySchemas },
    },
  });
}

function noFastifySchemas(): never {
  throw new Error('no Fastify route schemas here: requests are validated from the spec');
}

function handleErrors(app: FastifyInstance, deps: AppDeps): void {
  const { config } = deps;
  app.setErrorHandler((error, request, reply) => {
    const tiledesk = toApiError(error, config);
    // The control API answers its own error body, never the Tiledesk one.
    const apiError =
      request.routeOptions.config.api === 'control' ? toControlError(error, tiledesk) : tiledesk;
    logError(request, error, apiError);
    // Fastify closes the connection after any body error; body-parser keeps it when it has read
    // the whole body, as these parsers have (a too-large body is not read to its end: closed).
    if (error instanceof MalformedBodyError || error instanceof TooManyParametersError) {
      reply.header('connection', 'keep-alive');
      reply.header('keep-alive', `timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    }
    if (apiError.diagnostic) reply.header(DIAGNOSTIC_HEADER, headerSafe(apiError.diagnostic));
    reply.headers(apiError.headers);
    return sendBody(reply, apiError.statusCode, apiError.body, apiError.contentType);
  });
  // The control API's other paths are routes of its own, so that they have its CORS policy (a
  // preflight only the listed origins are granted) and its 404.
  for (const url of [CONTROL_PREFIX, `${CONTROL_PREFIX}/*`]) {
    app.all(url, { config: { api: 'control' } }, async (request) => {
      throw controlNotFound(request.method, request.url);
    });
  }
  // Express's decode_param fails while it matches a route: its error reaches the app's handler.
  app.all(MALFORMED_PARAM, async (request) => {
    throw serverError(
      'MALFORMED_PARAM',
      `a path parameter of ${redactUrl(request.originalUrl)} is not valid percent-encoding; the real server answers 500`,
    );
  });
}

/**
 * Express's answers to a route it does not serve: a mount that authenticates (`/users`) first
 * runs its security check, then the catch-all answers; the diagnostic lists what is served.
 */
function handleUnrouted(
  app: FastifyInstance,
  { spec, config }: AppDeps,
  preHandlers: ReadonlyMap<string, (request: FastifyRequest) => Promise<void>>,
): void {
  const served = spec.operations.map((op) => `${op.method} ${op.path}`).join(', ');
  const bases = config.basePaths.map((p) => p || '/').join(' ');
  const diagnostic = headerSafe(`no route; served under ${bases}: ${served}`);
  const mountOf = authenticatingMount(spec.operations, config.basePaths);
  app.setNotFoundHandler(async (request, reply) => {
    // A method no route takes (PROPFIND, PURGE…) on a control path.
    if (ownPath(request.url, CONTROL_PATHS)) throw controlNotFound(request.method, request.url);
    const mount = mountOf(request.originalUrl.split('?')[0] ?? '');
    if (mount) await preHandlers.get(mount.operationId)?.(request);
    reply.header(DIAGNOSTIC_HEADER, diagnostic);
    return unrouted(request, reply);
  });
}

const CONTROL_PREFIX = '/__emulator';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors's options for this route, over the global ones; false: no CORS. */
    cors?: FastifyCorsOptions | false;
  }
}

/** Whether the real server would have answered this request (not the emulator's own routes). */
function realServerWouldAnswer(request: FastifyRequest): boolean {
  const api = request.routeOptions.config.api;
  if (api !== undefined) return api === 'tiledesk';
  // The URL as routed: a namespace's prefix (/__ns/<name>) is gone.
  return request.url === UNROUTED || !ownPath(request.url);
}

const CONTROL_PATHS = [CONTROL_PREFIX];
const OWN_PREFIXES = [CONTROL_PREFIX, ...DOCS_PATHS];
function ownPath(url: string, prefixes: readonly string[] = OWN_PREFIXES): boolean {
  const path = url.split('?')[0] ?? '';
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * What Express does around the Tiledesk routes (tiledesk/express.ts): CORS, the session cookie
 * and the ETag. CORS and the cookie come in a preHandler, after body parsing, so body-parser's
 * own errors carry neither, as on the real server. The control API grants CORS only to the
 * origins listed (--control-origin).
 */
async function expressTransport(app: FastifyInstance, config: Config): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    // Express's default `x-powered-by`, on every answer of the app (errors and 404s included).
    if (realServerWouldAnswer(request)) reply.header('x-powered-by', 'Express');
    // A Content-Type that cannot be parsed: Express leaves the body unread, Fastify would 415.
    const type = request.headers['content-type'];
    if (type !== undefined && !parsableContentType(type)) {
      request.headers['content-type'] = 'application/octet-stream';
      request.unparsableContentType = type;
    }
    done();
  });
  // express-session runs before cors: its cookie is on the preflight answers too. It skips a
  // request whose path is not under the cookie's (`/`): an asterisk-form target (`OPTIONS *`).
  app.addHook('preHandler', (request, reply, done) => {
    if (realServerWouldAnswer(request) && request.originalUrl.startsWith('/')) {
      reply.header('set-cookie', sessionCookie());
    }
    done();
  });
  // As the real server's cors(): every origin, its methods, the request's headers; no Vary.
  await app.register(fastifyCors, {
    hook: 'preHandler',
    origin: '*',
    methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
    exposedHeaders: [DIAGNOSTIC_HEADER, STEERED_HEADER],
    strictPreflight: false,
  });
  // The control API's routes (by their path or their api) grant CORS only to the listed
  // origins, or to none; decided once per route.
  const controlCors = config.controlOrigins.length ? { origin: [...config.controlOrigins] } : false;
  app.addHook('onRoute', (route) => {
    if (route.config?.api === 'control' || ownPath(route.url, CONTROL_PATHS)) {
      route.config = { ...route.config, cors: controlCors };
    }
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (
      (typeof payload === 'string' || Buffer.isBuffer(payload)) &&
      payload.length > 0 &&
      // finalhandler's 404 page is written with res.end, which sets no ETag; a route's own 404
      // (res.status(404).send(…)) has one.
      !(reply.statusCode === 404 && request.routeOptions.config.operationId === undefined) &&
      realServerWouldAnswer(request)
    ) {
      reply.header('etag', weakEtag(payload));
    }
    done(null, payload);
  });
}

function contentLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

/** The example a steered or faulted answer was given (its x-emulator-steered header). */
function steeredExample(reply: FastifyReply): string | undefined {
  const header = reply.getHeader(STEERED_HEADER);
  return typeof header === 'string' ? /example=(.*)$/.exec(header)?.[1] : undefined;
}

/**
 * Journals every Tiledesk API request once answered (redacted when the journal is read), and
 * counts it for the contract coverage.
 */
/** The outbox `seq` of each e-mail a request sent, until the request is journaled. */
const sentMails = new WeakMap<FastifyRequest, number[]>();

/**
 * The context a Tiledesk handler gets: its namespace's, with a sendMail that also notes the
 * e-mail against the request, for the journal's `mails`.
 */
function withRequestMail(
  request: FastifyRequest,
  ctx: Context,
  deliver: SendMail | undefined,
): Context {
  const sendMail: SendMail = (mail) => {
    deliver?.(mail);
    const entry = ctx.outbox.add(mail, ctx.now());
    const seqs = sentMails.get(request) ?? [];
    seqs.push(entry.seq);
    sentMails.set(request, seqs);
  };
  return { ...ctx, sendMail };
}

function recordRequests(app: FastifyInstance, namespaces: Namespaces): void {
  // The answers of the requests the real server would have answered, kept until journaled.
  const answers = new WeakMap<FastifyRequest, string>();
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (typeof payload === 'string' && realServerWouldAnswer(request))
      answers.set(request, payload);
    done(null, payload);
  });
  // A callback hook, not an async one: this runs on every request, and records by reference.
  app.addHook('onResponse', (request, reply, done) => {
    const { api, operationId } = request.routeOptions.config;
    const { journal, coverage } = namespaces.resolved(request).state;
    const matched = api === 'tiledesk' && operationId !== undefined;
    if (matched) {
      coverage.record(operationId, reply.statusCode, steeredExample(reply), answers.get(request));
    }
    if (matched || (api === undefined && realServerWouldAnswer(request))) {
      journal.record({
        operationId: matched ? operationId : null,
        method: request.method,
        url: matched ? request.url : request.originalUrl,
        status: reply.statusCode,
        startedAt: Date.now() - reply.elapsedTime,
        durationMs: reply.elapsedTime,
        body: keptBody(request.body, contentLength(request)),
        diagnostic: reply.getHeader(DIAGNOSTIC_HEADER) as string | undefined,
        headers: request.headers,
        response: answers.get(request),
        mails: sentMails.get(request),
      });
    }
    done();
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const state = deps.state ?? newEmulatorState(deps.spec.operations, config.mail.outboxLimit);
  const app = createFastify(
    config,
    expressRouting(deps.spec.operations, config.basePaths, OWN_PREFIXES),
    config.logLevel === 'silent' ? process.stderr : await logStream(),
  );

  registerBodyParsers(app, realServerWouldAnswer);
  await expressTransport(app, config);
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
  const namespaces = new Namespaces(
    { name: null, store, state },
    deps.makeNamespace ??
      (() => Promise.reject(controlError('invalid_request', 'this emulator has no namespaces'))),
    config,
  );
  // Every open live journal ends, the namespaces' too, so that none holds up the shutdown.
  app.addHook('preClose', async () => {
    for (const space of await namespaces.all()) endStreams(space.state.journal);
  });
  app.addHook('onClose', () => namespaces.closeAll());
  recordRequests(app, namespaces);
  if (config.logLevel !== 'silent') logRequests(app);
  registerDocs(app, deps.spec);

  app.decorateRequest('caller', null);
  app.decorateRequest('unparsableContentType', undefined);
  const tokens = createTokens(app.jwt, config);
  // SMTP delivery (EMAIL_ENABLED=true): never awaited by a request; close() waits for it.
  const smtp = config.smtp && smtpDelivery(config.smtp, app.log);
  if (config.smtp && smtp) {
    app.log.info(`e-mails are also delivered over SMTP: ${describeSmtp(config.smtp)}`);
    app.addHook('onClose', () => smtp.close());
  }
  // The one context object of each namespace, made on its first request.
  const contexts = new WeakMap<NamespaceState, Context>();
  const contextOf = (space: NamespaceState): Context => {
    let ctx = contexts.get(space);
    if (!ctx) {
      ctx = {
        config,
        now: config.now,
        tokens,
        info: deps.info,
        operations: deps.spec.operations,
        namespaces,
        store: space.store,
        ...space.state,
        sendMail: (mail) => {
          smtp?.send(mail);
          space.state.outbox.add(mail, config.now());
        },
      };
      contexts.set(space, ctx);
    }
    return ctx;
  };
  const ctx = async (request: FastifyRequest) => contextOf(await namespaces.of(request));
  const tiledeskCtx = async (request: FastifyRequest) =>
    withRequestMail(request, await ctx(request), smtp?.send);
  // One Ajv for bodies, one that reads parameters' strings as their declared types.
  const ajvs: { body?: Ajv; parameters?: Ajv } = {};
  const validation = {
    ajv: () => (ajvs.body ??= createAjv()),
    parameterAjv: () => (ajvs.parameters ??= createAjv({ coerceTypes: true })),
  };
  const tiledeskChecks = securityHandlers(deps.spec.operations, tiledeskSecurity, ctx);
  handleUnrouted(app, deps, tiledeskChecks);
  registerOperations(app, deps.spec.operations, handlers, {
    api: 'tiledesk',
    basePaths: config.basePaths,
    ...validation,
    toInvalidError: tiledeskInvalidError,
    fieldsToCheck: expressValidatorFields,
    // The real server ignores a query parameter it does not read.
    closedQuery: false,
    ctx: tiledeskCtx,
    preHandlers: tiledeskChecks,
    // A fault armed on the server first, then what the client asked for with Prefer.
    faultOrPrefer: async (op, request, reply) => {
      const { faults } = (await namespaces.of(request)).state;
      const fault = faults.take(op.operationId, config.ids.random);
      if (fault) {
        const answered = await applyFault(fault, op, request, reply);
        if (answered) return answered;
      }
      return steer(op, request, reply);
    },
  });
  registerUi(app, contextOf(namespaces.main));
  registerOperations(app, deps.controlSpec.operations, controlHandlers, {
    api: 'control',
    basePaths: [''],
    ...validation,
    toInvalidError: controlInvalidError,
    fieldsToCheck: bodyFields,
    closedQuery: true,
    ctx,
    // Who may use the control API is decided once for the emulator, whatever the namespace.
    preHandlers: securityHandlers(deps.controlSpec.operations, controlSecurity, async () =>
      contextOf(namespaces.main),
    ),
  });
  return app;
}
