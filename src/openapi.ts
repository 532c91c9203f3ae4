/**
 * Loads an OpenAPI 3.0 document, validates it, dereferences its $refs and lists its operations
 * in the form the rest of the emulator needs. Nothing here knows about Fastify.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { OpenAPIV3 } from 'openapi-types';

export type JsonSchema = Record<string, unknown>;

export interface Operation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The spec's path with `{param}` turned into Fastify's `:param`. */
  url: string;
  /** The spec's path as written. */
  path: string;
  /**
   * Where the real server mounts the router that serves this path (`app.use(mount, router)`):
   * `x-express-mount` on the operation or its path, by default the path's first segment.
   */
  mount: string;
  /**
   * `x-express-mount-authenticates: true`: the mount itself runs the operation's security
   * (`app.use('/users', [passport…], router)`), so every path under it, served or not, is
   * authenticated before Express looks for a route.
   */
  mountAuthenticates: boolean;
  /** Media type → schema of the request body; empty when the operation takes no body. */
  requestBody: Map<string, JsonSchema>;
  /**
   * The declared path and query parameters, each as one object schema (name → the parameter's
   * schema, the required ones required); undefined when none is declared.
   */
  parameters: { path?: JsonSchema; query?: JsonSchema };
  /** Status code → media type → schema (undefined when a response declares no schema). */
  responses: Map<string, Map<string, JsonSchema | undefined>>;
  /** Status code → media type → its examples by name (`example` is named "default"). */
  examples: Map<string, Map<string, Map<string, unknown>>>;
  /** The operation's security requirement, or the document's; [] means public. */
  security: OpenAPIV3.SecurityRequirementObject[];
}

export interface Spec {
  file: string;
  /** SHA-256 of the file's content. */
  sha256: string;
  document: OpenAPIV3.Document;
  operations: Operation[];
}

export class SpecError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SpecError';
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function mediaSchemas(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined) {
  const map = new Map<string, JsonSchema | undefined>();
  for (const [type, media] of Object.entries(content ?? {})) {
    map.set(type, media.schema as JsonSchema | undefined);
  }
  return map;
}

function mediaExamples(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined) {
  const map = new Map<string, Map<string, unknown>>();
  for (const [type, media] of Object.entries(content ?? {})) {
    const named = new Map<string, unknown>();
    if (media.example !== undefined) named.set('default', media.example);
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      named.set(name, (example as OpenAPIV3.ExampleObject).value);
    }
    map.set(type, named);
  }
  return map;
}

/** The parameters declared `in` one place, as an object schema; the operation's win by name. */
function parameterSchema(
  declared: readonly OpenAPIV3.ParameterObject[],
  location: 'path' | 'query',
): JsonSchema | undefined {
  const byName = new Map(
    declared.filter((p) => p.in === location).map((p) => [p.name, p] as const),
  );
  if (byName.size === 0) return undefined;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, parameter] of byName) {
    properties[name] = parameter.schema ?? {};
    if (parameter.required) required.push(name);
  }
  return { type: 'object', properties, ...(required.length > 0 && { required }) };
}

/** The `x-express-mount` extension: a prefix of the path that ends at a segment boundary. */
function expressMount(path: string, declared: unknown, where: string): string {
  const mount = declared ?? `/${path.split('/')[1] ?? ''}`;
  if (
    typeof mount !== 'string' ||
    !/^\/[^{}]+$/.test(mount) ||
    !path.startsWith(mount) ||
    (path.length > mount.length && path[mount.length] !== '/')
  ) {
    throw new SpecError(
      `${where}: x-express-mount must be a prefix of the path that ends at a "/", got ${JSON.stringify(mount)}`,
    );
  }
  return mount;
}

type Extended = { 'x-express-mount'?: unknown; 'x-express-mount-authenticates'?: unknown };

function toOperation(
  path: string,
  method: string,
  op: OpenAPIV3.OperationObject,
  item: OpenAPIV3.PathItemObject,
  document: OpenAPIV3.Document,
): Operation {
  const where = `${method.toUpperCase()} ${path}`;
  if (!op.operationId) throw new SpecError(`${where} has no operationId`);
  const body = op.requestBody as OpenAPIV3.RequestBodyObject | undefined;
  const requestBody = new Map<string, JsonSchema>();
  for (const [type, schema] of mediaSchemas(body?.content)) {
    if (schema) requestBody.set(type, schema);
  }
  const responses = new Map<string, Map<string, JsonSchema | undefined>>();
  const examples = new Map<string, Map<string, Map<string, unknown>>>();
  for (const [status, response] of Object.entries(op.responses)) {
    const content = (response as OpenAPIV3.ResponseObject).content;
    responses.set(status, mediaSchemas(content));
    examples.set(status, mediaExamples(content));
  }
  // $refs are dereferenced: every parameter is an object. The path item's come first.
  const declared = [
    ...(item.parameters ?? []),
    ...(op.parameters ?? []),
  ] as OpenAPIV3.ParameterObject[];
  const parameters = {
    path: parameterSchema(declared, 'path'),
    query: parameterSchema(declared, 'query'),
  };
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    url: path.replace(/\{([^}]+)\}/g, ':$1'),
    path,
    mount: expressMount(
      path,
      (op as Extended)['x-express-mount'] ?? (item as Extended)['x-express-mount'],
      where,
    ),
    mountAuthenticates:
      ((op as Extended)['x-express-mount-authenticates'] ??
        (item as Extended)['x-express-mount-authenticates']) === true,
    requestBody,
    parameters,
    responses,
    examples,
    security: op.security ?? document.security ?? [],
  };
}

/**
 * swagger-parser's validate() (the OpenAPI schema check, then $refs dereferenced), or, for a
 * document the test suite validates (the bundled ones), its generated dereferenced JSON when it
 * is current, else only the dereferencer, json-schema-ref-parser: swagger-parser and its
 * validators are not loaded at all then, a faster start.
 */
async function parseDocument(
  file: string,
  validate: boolean,
  sha: string,
): Promise<OpenAPIV3.Document> {
  try {
    if (!validate) {
      const compiled = await readDereferenced(file, sha);
      if (compiled) return compiled;
      const { dereference } = await import('@apidevtools/json-schema-ref-parser');
      return (await dereference(file)) as OpenAPIV3.Document;
    }
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    return (await SwaggerParser.validate(file)) as OpenAPIV3.Document;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SpecError(`invalid OpenAPI document ${file}: ${reason}`, { cause: error });
  }
}

/**
 * Where `npm run gen:types` writes a bundled document dereferenced, with the SHA-256 of the
 * source it was made from: spec/openapi.yaml → spec/openapi.dereferenced.json.
 */
export function dereferencedFile(file: string): string {
  return `${file.replace(/\.(ya?ml|json)$/, '')}.dereferenced.json`;
}

/**
 * The generated, dereferenced document of a bundled spec, read as plain JSON (neither the YAML
 * parser nor the ref parser is loaded), or undefined when there is none or it was made from
 * another version of the file: then the file itself is dereferenced.
 */
async function readDereferenced(
  file: string,
  sha: string,
): Promise<OpenAPIV3.Document | undefined> {
  let generated: { sha256?: unknown; document?: OpenAPIV3.Document };
  try {
    generated = JSON.parse(await readFile(dereferencedFile(file), 'utf8'));
  } catch {
    return undefined;
  }
  return generated.sha256 === sha ? generated.document : undefined;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Reads and dereferences the document, validating it unless `validate` is false (the bundled
 * specs); a broken spec throws a SpecError naming the file.
 */
export function loadSpec(file: string, { validate = true } = {}): Promise<Spec> {
  if (validate) return readSpec(file, true);
  // A bundled spec is read once per process: tests start many emulators.
  let spec = bundledSpecs.get(file);
  if (!spec) {
    spec = readSpec(file, false);
    spec.catch(() => bundledSpecs.delete(file));
    bundledSpecs.set(file, spec);
  }
  return spec;
}

/** The bundled specs, read and dereferenced; nothing changes a Spec once it is read. */
const bundledSpecs = new Map<string, Promise<Spec>>();

async function readSpec(file: string, validate: boolean): Promise<Spec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SpecError(`cannot read the OpenAPI document ${file}: ${reason}`, { cause: error });
  }
  const sha = sha256(text);
  const document = await parseDocument(file, validate, sha);
  if (!/^3\.0\.\d+$/.test(document.openapi)) {
    throw new SpecError(`${file} is OpenAPI ${document.openapi}; the emulator reads OpenAPI 3.0.x`);
  }
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!item) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (op) operations.push(toOperation(path, method, op, item, document));
    }
  }
  return { file, sha256: sha, document, operations };
}
