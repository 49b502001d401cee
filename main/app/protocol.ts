import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../station/renderer-files/csp';
import { contentTypeFor, resolveStaticPath } from '../station/renderer-files/static-files';
import { appHost } from './security';

export const rendererHeaders = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

/**
 * Answers a request on the app:// scheme from the packaged renderer folder, with the CSP as a
 * header. Anything outside the folder, another host, or a missing file is a 404.
 */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const file = url.host === appHost ? resolveStaticPath(rendererDir, url.pathname) : null;
  if (!file) return new Response('Not found', { status: 404, headers: rendererHeaders });
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...rendererHeaders, 'Content-Type': contentTypeFor(file) } });
  } catch {
    return new Response('Not found', { status: 404, headers: rendererHeaders });
  }
}
