/**
 * Errors are values with a stable code. A handler throws an ApiError; the one error handler in
 * app.ts renders it. The body is the real Tiledesk server's, byte for byte; the `diagnostic`
 * is ours: it goes to the log and to the `x-emulator-diagnostic` header, never into the body.
 */

export type ErrorBody = Record<string, unknown> | string;

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly body: ErrorBody;
  readonly diagnostic: string | undefined;

  constructor(statusCode: number, code: string, body: ErrorBody, diagnostic?: string) {
    super(diagnostic ?? code);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.body = body;
    this.diagnostic = diagnostic;
  }

  /**
   * Plain-text bodies (passport's `Unauthorized`, written with `res.end`) go out as they are:
   * no Content-Type, chunked (null); the others as JSON.
   */
  get contentType(): string | null {
    return typeof this.body === 'string' ? null : 'application/json';
  }
}

/** `{"success":false,"msg":…}`: the server's usual error body. */
export function msgError(
  statusCode: number,
  code: string,
  msg: string,
  diagnostic?: string,
): ApiError {
  return new ApiError(statusCode, code, { success: false, msg }, diagnostic);
}

/** `{"success":false,"message":…}`: signup's save errors use `message`, not `msg`. */
export function messageError(
  statusCode: number,
  code: string,
  message: string,
  diagnostic?: string,
): ApiError {
  return new ApiError(statusCode, code, { success: false, message }, diagnostic);
}

/** The server's catch-all: any error reaching its last middleware is `500 {"err":"error"}`. */
export function serverError(code: string, diagnostic: string): ApiError {
  return new ApiError(500, code, { err: 'error' }, diagnostic);
}

/** passport-jwt's failure: 401 with the plain-text body `Unauthorized`. */
export function unauthorized(code: string, diagnostic: string): ApiError {
  return new ApiError(401, code, 'Unauthorized', diagnostic);
}

export function payloadTooLarge(limit: number, diagnostic: string): ApiError {
  return new ApiError(
    413,
    'PAYLOAD_TOO_LARGE',
    { err: 'Request entity too large', limit },
    diagnostic,
  );
}

/** One express-validator 6 error item. `value` is omitted when the field was absent. */
export interface ValidationItem {
  value?: unknown;
  msg: 'Invalid value';
  param: string;
  /** Where express-validator found the field; `params` is the path. */
  location: 'body' | 'query' | 'params';
}

export function validationFailed(items: ValidationItem[], diagnostic: string): ApiError {
  return new ApiError(422, 'VALIDATION_FAILED', { errors: items }, diagnostic);
}

/** The emulator cannot start as configured (spec and handlers disagree, a bad option). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
