/**
 * The bundled Tiledesk spec, served: `GET /openapi.json` and `GET /openapi.yaml` for client
 * generators, and Swagger UI at `/docs`. The JSON keeps its `$ref`s and lists this emulator's
 * own origin first in `servers`, so "Try it out" calls the emulator that served the page.
 * Everything is read on first use, so none of it costs start-up time.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import type { Spec } from '../openapi.js';

export const DOCS_PREFIX = '/docs';
/** The paths the docs are served under (the Tiledesk routing leaves them alone). */
export const DOCS_PATHS = [DOCS_PREFIX, '/openapi.json', '/openapi.yaml'];

/** The Swagger UI files the page needs, from the swagger-ui-dist package. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tiledesk Authentication API (tiledesk-auth-emulator)</title>
  <link rel="stylesheet" href="${DOCS_PREFIX}/static/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_PREFIX}/static/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PREFIX}/static/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PREFIX}/static/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      docExpansion: 'list',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
    });
  </script>
</body>
</html>
`;

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function withOrigin(document: OpenAPIV3.Document, request: FastifyRequest): OpenAPIV3.Document {
  const self = { url: origin(request), description: 'This emulator' };
  const others = (document.servers ?? []).filter((server) => server.url !== self.url);
  return { ...document, servers: [self, ...others] };
}

/** Memoizes an async read, forgetting a failure so a later request can try again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function registerDocs(app: FastifyInstance, spec: Spec): void {
  const bundled = once(async () => {
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    return (await SwaggerParser.parse(spec.file)) as OpenAPIV3.Document;
  });
  const yaml = once(() => readFile(spec.file, 'utf8'));
  const assetsDir = once(async () =>
    dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')),
  );
  const assets = new Map<string, () => Promise<Buffer>>();
  for (const name of Object.keys(ASSETS)) {
    assets.set(
      name,
      once(async () => readFile(join(await assetsDir(), name))),
    );
  }

  app.get('/openapi.json', async (request) => withOrigin(await bundled(), request));
  app.get('/openapi.yaml', async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(await yaml()),
  );
  app.get(DOCS_PREFIX, async (_request, reply) => reply.redirect(`${DOCS_PREFIX}/`));
  app.get(`${DOCS_PREFIX}/`, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  app.get<{ Params: { file: string } }>(`${DOCS_PREFIX}/static/:file`, async (request, reply) => {
    const load = assets.get(request.params.file);
    if (!load) return reply.callNotFound();
    return reply
      .type(ASSETS[request.params.file] as string)
      .header('cache-control', 'public, max-age=3600')
      .send(await load());
  });
}
