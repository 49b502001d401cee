import type { z } from 'zod';
import { ApiError } from '../../../main/contract/service-api';

/**
 * Calls to the back office's API (service/backoffice/api.ts): the session cookie goes along by
 * itself (same origin, SameSite=Strict); every changing request carries the session's CSRF token;
 * every answer is checked against its schema before the UI uses it.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`./api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new CallError(0, 'offline', 'Der Dienst ist nicht erreichbar.');
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = ApiError.safeParse(json);
    throw new CallError(res.status, error.success ? error.data.error.code : 'http', error.success ? error.data.error.message : `HTTP ${res.status}`);
  }
  return schema.parse(json);
}

/** Fetches a file answer (evidence) as an object URL the page can show. */
export async function objectUrl(path: string): Promise<string> {
  const res = await fetch(`./api${path}`, { credentials: 'same-origin' });
  if (!res.ok) throw new CallError(res.status, 'http', `HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
