import type { z } from 'zod';
import { ApiError } from '../../main/contract/service-api';
import { requestPath, type AnyEndpoint, type EndpointInput, type EndpointOutput } from '../../main/contract/service-endpoint';

/**
 * One call of the back office's command-line tools to an admin endpoint of the contract table:
 * SERVICE_URL (default http://127.0.0.1:8787) with SERVICE_ADMIN_TOKEN; the answer is checked
 * against the endpoint's schema, an error answer becomes an Error with its status and code.
 */
export async function call<E extends AnyEndpoint>(endpoint: E, input: EndpointInput<E>): Promise<EndpointOutput<E>> {
  const { params, query, body } = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  const method = endpoint.method;
  const path = requestPath(endpoint, params, query);
  const base = process.env.SERVICE_URL ?? 'http://127.0.0.1:8787';
  const token = process.env.SERVICE_ADMIN_TOKEN;
  if (!token) throw new Error('Set SERVICE_ADMIN_TOKEN to the service administrator credential');
  const res = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) {
    const error = ApiError.safeParse(json);
    throw new Error(error.success ? `${res.status} ${error.data.error.code}: ${error.data.error.message}` : `HTTP ${res.status}`);
  }
  return (endpoint.response as z.ZodType).parse(json) as EndpointOutput<E>;
}
