import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiFailure, invalidInput } from './errors';

export type Auth = 'public' | 'station' | 'admin';

export interface Caller {
  /** The signed-in station for `station` routes. */
  stationId: string | null;
}

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  caller: Caller;
  request: FastifyRequest;
}

/**
 * One endpoint, described once: its schemas validate the request and the response, and the same
 * schemas make its part of the OpenAPI description. A handler returns a status and a body; a
 * body that violates its own response schema is a bug and answers 500, never a wrong document.
 */
export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  auth: Auth;
  body?: B;
  /** Raw bytes instead of JSON (blob chunks). */
  binaryBody?: { maxBytes: number };
  query?: Q;
  params?: P;
  bodyLimit?: number;
  responses: Record<number, z.ZodType>;
  handler(ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>): Promise<{ status: number; body: unknown }>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of routes of any shape
export type AnyRoute = RouteSpec<any, any, any>;

export function defineRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(spec: RouteSpec<B, Q, P>): RouteSpec<B, Q, P> {
  return spec;
}

export type Authenticate = (request: FastifyRequest, auth: Auth) => Promise<Caller>;

function parseOr<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(where, result.error);
  return result.data;
}

export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], authenticate: Authenticate): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request, reply) => {
        // Authenticate first: an unsigned request learns nothing about its body's validity.
        const caller = await authenticate(request, route.auth);
        const params = parseOr(route.params, request.params, 'path');
        const query = parseOr(route.query, request.query, 'query');
        let body: unknown;
        if (route.binaryBody) {
          if (!Buffer.isBuffer(request.body)) throw new ApiFailure(415, 'unsupported_media_type', 'Send the chunk as application/octet-stream');
          body = request.body;
        } else if (route.body) {
          body = parseOr(route.body, request.body, 'body');
        }
        const result = await route.handler({ body, query, params, caller, request });
        const schema = route.responses[result.status];
        const checked = schema?.safeParse(result.body);
        if (!checked?.success) {
          request.log.error({ route: route.url, status: result.status }, 'response violates its schema');
          throw new Error('response schema violation');
        }
        return reply.status(result.status).send(checked.data);
      },
    });
  }
}
