import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiFailure } from './errors';

type WithBody = FastifyRequest & { bodySha256?: string; bodyCompressed?: boolean };

/**
 * The body as sent, decompressed when the station compressed it (content-encoding gzip, which it
 * does on slow links). At most the route's body limit comes out of it, so a small compressed body
 * cannot unfold into a large one. The digest is of the bytes on the wire: what the station signed.
 */
function unwrap(request: FastifyRequest, body: Buffer): Buffer {
  const encoding = request.headers['content-encoding'];
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip') throw new ApiFailure(415, 'unsupported_encoding', 'Bodies are sent as they are or gzip-compressed');
  try {
    (request as WithBody).bodyCompressed = true;
    return gunzipSync(body, { maxOutputLength: request.routeOptions.bodyLimit ?? body.length });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ApiFailure(413, 'body_too_large', 'The decompressed body is larger than this endpoint takes');
    throw new ApiFailure(400, 'invalid_encoding', 'The body is not valid gzip');
  }
}

/** Whether the request's body came compressed (its digest on the wire is then not the content's). */
export function bodyWasCompressed(request: FastifyRequest): boolean {
  return (request as WithBody).bodyCompressed === true;
}

/**
 * Content parsers that keep the digest of the raw bytes: a station signs the SHA-256 of the
 * exact body it sent, so the check must see those bytes, not a re-serialisation of the JSON.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as WithBody).bodySha256 = createHash('sha256').update(body).digest('hex');
    if (body.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = unwrap(request, body).toString('utf8');
    } catch (error) {
      return done(error as Error, undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiFailure(400, 'invalid_json', 'The body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as WithBody).bodySha256 = createHash('sha256').update(body).digest('hex');
    try {
      done(null, unwrap(request, body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
