import { createHash } from 'node:crypto';
import { signRequest, type StationIdentity } from '../../../main/sync/station-key';

export interface RawAnswer {
  status: number;
  body: { error?: { code: string; message: string; fields?: string[] } } & Record<string, unknown>;
}

/** A request built by hand, to send what a well-behaved client never would. */
export async function raw(url: string, method: string, path: string, init: { body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const res = await fetch(new URL(path, url), { method, headers: init.headers, body: init.body === '' ? undefined : init.body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as RawAnswer['body']) : {} };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Signed headers for a JSON body, optionally with a shifted clock. */
export function signedJson(identity: StationIdentity, method: string, path: string, body: unknown, at = new Date()): { body: string; headers: Record<string, string> } {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    body: text,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...signRequest(identity, { method, path, contentSha256: sha256(text) }, at) },
  };
}
