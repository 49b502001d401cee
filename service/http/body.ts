import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiFailure } from './errors';

/**
 * Content parsers that keep the digest of the raw bytes: a station signs the SHA-256 of the
 * exact body it sent, so the check must see those bytes, not a re-serialisation of the JSON.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as FastifyRequest & { bodySha256?: string }).bodySha256 = createHash('sha256').update(body).digest('hex');
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new ApiFailure(400, 'invalid_json', 'The body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as FastifyRequest & { bodySha256?: string }).bodySha256 = createHash('sha256').update(body).digest('hex');
    done(null, body);
  });
}
