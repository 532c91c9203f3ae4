/**
 * The bundled Tiledesk spec, served: `GET /openapi.json` and `GET /openapi.yaml` for client
 * generators, and Swagger UI at `/docs`. The JSON keeps its `$ref`s and lists this emulator's
 * own origin first in `servers`, so "Try it out" calls the emulator that served the page.
 */
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import type { Spec } from './openapi.js';

export const DOCS_PREFIX = '/docs';

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function withOrigin(document: OpenAPIV3.Document, request: FastifyRequest): OpenAPIV3.Document {
  const self = { url: origin(request), description: 'This emulator' };
  const others = (document.servers ?? []).filter((server) => server.url !== self.url);
  return { ...document, servers: [self, ...others] };
}

export async function registerDocs(app: FastifyInstance, spec: Spec): Promise<void> {
  let bundled: Promise<OpenAPIV3.Document> | undefined;
  let yaml: Promise<string> | undefined;
  // Parsed on first use, off the start-up path.
  const document = () => {
    bundled ??= SwaggerParser.parse(spec.file) as Promise<OpenAPIV3.Document>;
    return bundled;
  };

  app.get('/openapi.json', async (request) => withOrigin(await document(), request));
  app.get('/openapi.yaml', async (_request, reply) => {
    yaml ??= readFile(spec.file, 'utf8');
    return reply.type('application/yaml; charset=utf-8').send(await yaml);
  });

  await app.register(fastifySwagger, {
    mode: 'static',
    specification: { document: spec.document },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { url: '/openapi.json', docExpansion: 'list', deepLinking: true },
  });
}
