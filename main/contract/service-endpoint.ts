import type { z } from 'zod';
import type { StationMode } from './station';

/**
 * One endpoint of the central bonus service, described once. The service registers its route
 * from it (service/http/route.ts) and validates requests and answers with its schemas; the
 * station's ServiceApi (main/sync/service-api-client.ts) builds the request path from it and
 * validates the answer; the OpenAPI description is generated from it. Pure TS.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** public: anyone; station: signed by an enrolled station (Ed25519); admin: the administrator credential. */
export type EndpointAuth = 'public' | 'station' | 'admin';

/** Marks an endpoint whose request body is raw bytes (application/octet-stream), not JSON. */
export const binaryBody = { kind: 'application/octet-stream' } as const;
export type BinaryBody = typeof binaryBody;

export interface Endpoint<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | BinaryBody | undefined = z.ZodType | BinaryBody | undefined,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** With `:name` path parameters, e.g. `/v1/blobs/:sha256/chunks/:index`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: EndpointAuth;
  /**
   * The station modes that may call this endpoint (empty for the back office and public meta
   * endpoints), also in the OpenAPI description as `x-station-modes`. Enforced by the service:
   * a station's mode is what its enrollment token was issued for, and a call from any other
   * mode is refused with 403 and audited (service/auth/roles.ts).
   */
  readonly modes: readonly StationMode[];
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The status of a successful answer; every error is ApiError with its own status. */
  readonly status: number;
  readonly response: R;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of endpoints of any shape
export type AnyEndpoint = Endpoint<any, any, any, any>;

export function endpoint<R extends z.ZodType, P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | BinaryBody | undefined = undefined>(spec: {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  auth: EndpointAuth;
  modes: readonly StationMode[];
  params?: P;
  query?: Q;
  body?: B;
  status?: number;
  response: R;
}): Endpoint<P, Q, B, R> {
  return { ...spec, params: spec.params as P, query: spec.query as Q, body: spec.body as B, status: spec.status ?? 200 };
}

type ParamsInput<E> = E extends Endpoint<infer P, infer _Q, infer _B, infer _R> ? (P extends z.ZodType ? { params: z.input<P> } : { params?: never }) : never;
type QueryInput<E> = E extends Endpoint<infer _P, infer Q, infer _B, infer _R> ? (Q extends z.ZodType ? { query: z.input<Q> } : { query?: never }) : never;
type BodyInput<E> = E extends Endpoint<infer _P, infer _Q, infer B, infer _R> ? (B extends BinaryBody ? { bytes: Uint8Array } : B extends z.ZodType ? { body: z.input<B> } : { body?: never }) : never;

/** What a caller gives for an endpoint: its path parameters, query and body, as the schemas require. */
export type EndpointInput<E extends AnyEndpoint> = ParamsInput<E> & QueryInput<E> & BodyInput<E>;
/** The validated answer of an endpoint. */
export type EndpointOutput<E extends AnyEndpoint> = z.output<E['response']>;

const pathParameter = /:([A-Za-z0-9_]+)/g;

/** The names of an endpoint's path parameters, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(pathParameter)].map((m) => m[1] as string);
}

/**
 * The request path of a call: path parameters filled in (URL-encoded) and the query appended in
 * the order given. The station signs exactly this string, and the service verifies it as received.
 */
export function requestPath(target: Pick<AnyEndpoint, 'path'>, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  const path = target.path.replace(pathParameter, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`${target.path}: the path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
  const pairs = Object.entries(query ?? {}).filter(([, value]) => value !== undefined);
  return pairs.length === 0 ? path : `${path}?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`).join('&')}`;
}
