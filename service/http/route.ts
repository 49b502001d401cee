import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { binaryBody, type AnyEndpoint, type BinaryBody, type EndpointAuth } from '../../main/contract/service-endpoint';
import type { StationMode } from '../../main/contract/station';
import { ApiFailure, invalidInput } from './errors';

export type Auth = EndpointAuth;

export interface Caller {
  /** The signed-in station for `station` routes. */
  stationId: string | null;
  /** Its mode and branch as enrollment recorded them (null for admin and public routes). */
  mode: StationMode | null;
  branch: string | null;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<E extends AnyEndpoint> {
  body: E['body'] extends BinaryBody ? Buffer : Parsed<E['body']>;
  query: Parsed<E['query']>;
  params: Parsed<E['params']>;
  caller: Caller;
  request: FastifyRequest;
}

/**
 * The service's implementation of one endpoint of the contract (main/contract/service-endpoints.ts):
 * method, path, auth and schemas come from the endpoint; here only the handler and the limits
 * that depend on the service's configuration. A handler returns a status and a body; a body that
 * violates the endpoint's response schema is a bug and answers 500, never a wrong document.
 */
export interface RouteSpec<E extends AnyEndpoint> {
  endpoint: E;
  /** Largest request body in bytes (Fastify's bodyLimit), when not the service's default. */
  bodyLimit?: number;
  /** For a binary body: its largest size, as the OpenAPI description states it. */
  binaryMaxBytes?: number;
  handler(ctx: RouteContext<E>): Promise<{ status: number; body: unknown }>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of routes of any shape
export type AnyRoute = RouteSpec<any>;

export function implement<E extends AnyEndpoint>(endpoint: E, route: Omit<RouteSpec<E>, 'endpoint'>): RouteSpec<E> {
  return { endpoint, ...route };
}

/** Authenticates a request for its endpoint and, for a station, checks the endpoint admits its mode. */
export type Authenticate = (request: FastifyRequest, endpoint: AnyEndpoint) => Promise<Caller>;

function parseOr(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(where, result.error);
  return result.data;
}

/**
 * The routes must implement the contract's table exactly: every endpoint once, nothing beside
 * it. A route the table does not know, or an endpoint left out, stops the service at build time.
 */
export function checkAgainstTable(routes: readonly AnyRoute[], table: Record<string, AnyEndpoint>): void {
  const endpoints = new Set(Object.values(table));
  const seen = new Set<AnyEndpoint>();
  for (const route of routes) {
    if (!endpoints.has(route.endpoint)) throw new Error(`${route.endpoint.method} ${route.endpoint.path} is not in the service contract`);
    if (seen.has(route.endpoint)) throw new Error(`${route.endpoint.method} ${route.endpoint.path} is implemented twice`);
    seen.add(route.endpoint);
  }
  const missing = Object.entries(table).filter(([, e]) => !seen.has(e));
  if (missing.length > 0) throw new Error(`Endpoints without a route: ${missing.map(([name]) => name).join(', ')}`);
}

export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], authenticate: Authenticate): void {
  for (const route of routes) {
    const { endpoint } = route;
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request, reply) => {
        // Authenticate first: an unsigned request learns nothing about its body's validity.
        const caller = await authenticate(request, endpoint);
        const params = parseOr(endpoint.params, request.params, 'path');
        const query = parseOr(endpoint.query, request.query, 'query');
        let body: unknown;
        if (endpoint.body === binaryBody) {
          if (!Buffer.isBuffer(request.body)) throw new ApiFailure(415, 'unsupported_media_type', 'Send the chunk as application/octet-stream');
          body = request.body;
        } else if (endpoint.body) {
          body = parseOr(endpoint.body as z.ZodType, request.body, 'body');
        }
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed by the endpoint's own schemas above
        const result = await route.handler({ body, query, params, caller, request } as any);
        const checked = result.status === endpoint.status ? (endpoint.response as z.ZodType).safeParse(result.body) : null;
        if (!checked?.success) {
          request.log.error({ route: endpoint.path, status: result.status }, 'response violates its schema');
          throw new Error('response schema violation');
        }
        return reply.status(result.status).send(checked.data);
      },
    });
  }
}
