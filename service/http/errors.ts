import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** An answer with a 4xx/5xx status, a stable code and a message that names the problem. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function invalidInput(where: string, error: z.ZodError): ApiFailure {
  const fields = error.issues.map((issue) => [where, ...issue.path.map(String)].join('.'));
  const first = error.issues[0];
  const detail = first ? `${[where, ...first.path.map(String)].join('.')}: ${first.message}` : where;
  return new ApiFailure(400, 'invalid_input', `Invalid ${where}: ${detail}`, [...new Set(fields)]);
}

export function errorBody(code: string, message: string, fields?: string[]) {
  return { error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}

// Fastify's own errors (body too large, bad JSON, wrong content type) get the same JSON shape.
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_input',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_input',
};

/** The service's error handler: known failures as they are, everything else as a plain 500 without details. */
export function handleError(error: FastifyError | ApiFailure | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiFailure) {
    void reply.status(error.status).send(errorBody(error.code, error.message, error.fields));
    return;
  }
  const fe = error as FastifyError;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (fe.code && fastifyCodes[fe.code]) ?? (error instanceof SyntaxError ? 'invalid_json' : 'bad_request');
    void reply.status(fe.statusCode).send(errorBody(code, fe.message));
    return;
  }
  request.log.error({ err: { name: error.name, code: fe.code } }, 'request failed');
  void reply.status(500).send(errorBody('internal', 'The service failed to process the request; nothing was changed.'));
}
