import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/database';
import { ApiFailure, invalidInput } from '../http/errors';
import type { Role } from './api';
import { audit } from './audit';
import { csrfMatches, touchSession, type Session, type SessionPolicy } from './auth/sessions';

/**
 * The back office's browser endpoints (`/bo/api/…`), each described once: who may call it
 * (roles), the zod schemas of its path, query, body and answer, and its handler. Every request
 * is checked in this order: session cookie → CSRF token and origin (changing methods) → role →
 * input schemas; an answer that violates its own schema is a bug and answers 500. Refusals
 * after sign-in are audited with the person.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** A file answer (evidence image, pain.001, CSV, PDF) instead of JSON. */
export interface RawAnswer {
  raw: Buffer | string;
  contentType: string;
  fileName?: string;
}

export interface BoContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in person (null only on public routes). */
  session: Session | null;
  request: FastifyRequest;
  reply: FastifyReply;
  now: Date;
}

export interface BoRoute<P extends z.ZodType | undefined = z.ZodType | undefined, Q extends z.ZodType | undefined = z.ZodType | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  access: Access;
  /** A GET a monitoring system may also call with its own bearer token instead of a session. */
  monitoring?: (authorization: string | undefined) => boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** JSON answer schema; absent for routes that answer a RawAnswer. */
  response?: z.ZodType;
  status?: number;
  handler(ctx: BoContext<P extends z.ZodType ? z.output<P> : undefined, Q extends z.ZodType ? z.output<Q> : undefined, B extends z.ZodType ? z.output<B> : undefined>): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of routes of any shape
export type AnyBoRoute = BoRoute<any, any, any>;

export function boRoute<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(route: BoRoute<P, Q, B>): BoRoute<P, Q, B> {
  return route;
}

export interface BoHttpOptions {
  db: Database;
  now: () => Date;
  sessions: SessionPolicy;
  /** Secure cookies (and the __Host- prefix) also when the service itself speaks plain HTTP behind a TLS proxy. */
  secureCookies: boolean;
  /** The origin browsers use (https://…), for the Origin check of changing requests; null: the request's own host. */
  publicOrigin: string | null;
}

export const sessionCookie = (secure: boolean) => (secure ? '__Host-bo_session' : 'bo_session');
export const isSecure = (request: FastifyRequest, options: Pick<BoHttpOptions, 'secureCookies'>) => options.secureCookies || request.protocol === 'https';

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(where, result.error);
  return result.data;
}

/** A changing request must come from the back office's own pages: same origin, when the browser says where from. */
function checkOrigin(request: FastifyRequest, options: BoHttpOptions): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const expected = options.publicOrigin ?? `${request.protocol}://${request.headers.host ?? ''}`;
  if (origin !== expected) throw new ApiFailure(403, 'bad_origin', 'This request did not come from the back office’s own pages');
}

export function registerBoRoutes(app: FastifyInstance, routes: readonly AnyBoRoute[], options: BoHttpOptions): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        const now = options.now();
        const changing = route.method !== 'GET';
        if (changing) checkOrigin(request, options);
        let session: Session | null = null;
        const byMonitoring = !changing && route.monitoring?.(request.headers.authorization) === true;
        if (route.access !== 'public' && !byMonitoring) {
          const token = request.cookies[sessionCookie(isSecure(request, options))];
          session = token ? await touchSession(options.db, token, now, options.sessions) : null;
          if (!session) throw new ApiFailure(401, 'signed_out', 'Bitte melden Sie sich an.');
          if (changing && !csrfMatches(session, request.headers['x-csrf-token'] as string | undefined)) {
            await audit(options.db, { at: now, accountId: session.account.id, action: 'refused.csrf', subject: `${route.method} ${route.url}` });
            throw new ApiFailure(403, 'csrf', 'The request lacks this session’s CSRF token; nothing was changed');
          }
          if (route.access !== 'signed-in' && !route.access.some((r) => session?.account.roles.includes(r))) {
            await audit(options.db, { at: now, accountId: session.account.id, action: 'refused.role', subject: `${route.method} ${route.url}` });
            throw new ApiFailure(403, 'forbidden', 'Ihre Rolle erlaubt diese Seite nicht.');
          }
        }
        const params = parse(route.params, request.params, 'path');
        const query = parse(route.query, request.query, 'query');
        const body = parse(route.body, request.body, 'body');
        const result = await route.handler({ params, query, body, session, request, reply, now });
        if (route.response) {
          const checked = route.response.safeParse(result);
          if (!checked.success) {
            request.log.error({ route: route.url }, 'back-office answer violates its schema');
            throw new Error('response schema violation');
          }
          return reply.status(route.status ?? 200).send(checked.data);
        }
        const file = result as RawAnswer;
        void reply.header('content-type', file.contentType).header('x-content-type-options', 'nosniff');
        if (file.fileName) void reply.header('content-disposition', `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
        return reply.status(200).send(file.raw);
      },
    });
  }
}
