import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName } from '../../contract';
import type { Logger } from '../../runtime/logger';
import { contentSecurityPolicy } from '../../station/renderer-files/csp';
import type { Dispatch } from '../../runtime/dispatcher';
import type { EventHub } from '../../runtime/event-hub';
import { serveStatic } from '../../station/renderer-files/static-files';
import { CallMessage, sessionReplacedCloseCode, wireProtocol, type HostMessage } from '../../contract/loopback-wire';
import { LaunchCodes, sessionCookie, UiSessions } from './ui-session';
import { noSessionPage } from './no-session-page';

export interface LoopbackHostOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  log: Logger;
  /** Called when a new UI session begins: whatever the previous one had signed in ends. */
  onSessionBegin?: () => void;
  /** How long a launch code is good for (default one minute). */
  launchCodeTtlMs?: number;
  /** Largest accepted WebSocket message (evidence images travel this way). */
  maxMessageBytes?: number;
}

export interface LoopbackHost {
  origin: string;
  port: number;
  /** A fresh one-time address for the launcher to hand to the browser (never to print or log). */
  launchUrl(): string;
  close(): Promise<void>;
}

const API_PATH = '/api';
const SESSION_PATH = '/session';

/**
 * Serves the same contract as the Electron IPC transport, over a WebSocket on 127.0.0.1, plus
 * the built renderer. Everything but the code exchange needs the UI session's cookie
 * (ui-session.ts); a WebSocket is accepted only from this host's own origin, and the Host
 * header is checked on every request, against DNS rebinding.
 */
export async function startLoopbackHost(options: LoopbackHostOptions): Promise<LoopbackHost> {
  const log = options.log;
  const codes = new LaunchCodes(options.launchCodeTtlMs !== undefined ? { ttlMs: options.launchCodeTtlMs } : {});
  const sessions = new UiSessions();
  const staticDir = resolve(options.staticDir);
  const server: Server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const securityHeaders = {
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`] }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), usb=(), serial=(), payment=()',
    'X-Frame-Options': 'DENY',
  };

  server.on('request', (req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...securityHeaders, Allow: 'GET, HEAD' }).end();
      return;
    }
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    if (path === SESSION_PATH) {
      exchangeCode(new URLSearchParams(query).get('code') ?? '', res);
      return;
    }
    if (!sessions.matches(req.headers.cookie)) {
      // The launcher's browser has the cookie; a second browser, another user's or a copied address gets nothing.
      res.writeHead(401, { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(noSessionPage('no-session'));
      return;
    }
    serveStatic(staticDir, path, res, securityHeaders).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  function exchangeCode(code: string, res: ServerResponse): void {
    if (!codes.redeem(code)) {
      log.warn('refused a launch code', { reason: 'unknown, used or expired' });
      res.writeHead(403, { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(noSessionPage('code-refused'));
      return;
    }
    // One UI session per station: the previous one's screen is closed and its staff sign-in ends.
    for (const client of wss.clients) client.close(sessionReplacedCloseCode, 'session replaced');
    const cookie = sessions.begin();
    options.onSessionBegin?.();
    log.info('UI session started');
    // The address with the code leaves the history at once: the redirect replaces it.
    res.writeHead(303, { ...securityHeaders, 'Set-Cookie': sessionCookie(cookie), Location: '/', 'Cache-Control': 'no-store' }).end();
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? 32 * 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(wireProtocol) ? wireProtocol : false),
  });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const refusal = refuseUpgrade(req);
    if (refusal) {
      log.warn('refused loopback connection', { reason: refusal.reason });
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws));
  });

  function refuseUpgrade(req: IncomingMessage): { status: string; reason: string } | null {
    if ((req.url ?? '').split('?')[0] !== API_PATH) return { status: '404 Not Found', reason: 'path' };
    if (!allowedHosts.has(req.headers.host ?? '')) return { status: '421 Misdirected Request', reason: 'host' };
    if (req.headers.origin !== origin) return { status: '403 Forbidden', reason: 'origin' };
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(wireProtocol)) return { status: '400 Bad Request', reason: 'protocol' };
    if (!sessions.matches(req.headers.cookie)) return { status: '401 Unauthorized', reason: 'session' };
    return null;
  }

  function serveConnection(ws: WebSocket): void {
    const generation = sessions.generation;
    const send = (message: HostMessage) => {
      if (ws.readyState === ws.OPEN && generation === sessions.generation) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.events.subscribe((name: EventName, payload) => send({ type: 'event', name, payload }));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (generation !== sessions.generation) {
        ws.terminate();
        return;
      }
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(data.toString());
      } catch {
        log.warn('rejected malformed loopback message');
        ws.close(1003, 'malformed message');
        return;
      }
      const call = CallMessage.safeParse(raw);
      if (!call.success) {
        log.warn('rejected malformed loopback call');
        ws.close(1003, 'malformed call');
        return;
      }
      const { id, method, input } = call.data;
      options.dispatch(method, input, { transport: 'loopback' }).then(
        (reply) => send({ type: 'reply', id, ...reply }),
        () => send({ type: 'reply', id, ok: false, error: { code: 'internal', message: 'Internal error' } }),
      );
    });
  }

  return {
    origin,
    port,
    launchUrl: () => `${origin}${SESSION_PATH}?code=${codes.mint()}`,
    close: async () => {
      sessions.end();
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((done) => server.close(() => done()));
      // A browser keeps idle keep-alive connections open; they must not hold the station up.
      server.closeAllConnections();
      await closed;
    },
  };
}
