import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTempDir } from '../../../test/support/temp-dir';
import { createLogger, memorySink } from '../../runtime/logger';
import { createDispatcher, type Handlers } from '../../runtime/dispatcher';
import { EventHub } from '../../runtime/event-hub';
import { startLoopbackHost, type LoopbackHost } from './server';
import { wireProtocol } from '../../contract/loopback-wire';

const tempDir = useTempDir();
let host: LoopbackHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const info = { stationId: 'st-1', branch: 'B', mode: 'kiosk', language: 'de', appVersion: '1', transport: 'loopback', inactivityTimeoutSeconds: 90, appInstall: null, today: '2027-07-15' };

async function start() {
  const dir = join(tempDir(), 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'outside-secret.txt'), 'secret');
  const sink = memorySink();
  const log = createLogger('test', sink);
  const events = new EventHub(log);
  events.publish('cardStatus', { state: 'ready', readers: ['Virtual PCD 00 00'] });
  const handlers = { getStationInfo: () => info } as unknown as Handlers;
  host = await startLoopbackHost({ dispatch: createDispatcher(handlers, log), events, staticDir: dir, log });
  const cookie = await exchange(host.launchUrl());
  return { host, events, records: sink.records, cookie: cookie! };
}

/** Trades a launch address for the session cookie, as the browser does; null when refused. */
async function exchange(launchUrl: string): Promise<string | null> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  if (res.status !== 303) return null;
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

type Outcome = { opened: true; ws: WebSocket; messages: unknown[] } | { opened: false; status: number };

function connect(h: LoopbackHost, opts: { cookie?: string; origin?: string; protocols?: string[] } = {}): Promise<Outcome> {
  const protocols = opts.protocols ?? [wireProtocol];
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api`, protocols, { origin: opts.origin ?? h.origin, headers: opts.cookie ? { cookie: opts.cookie } : {} });
  const messages: unknown[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ opened: true, ws, messages }));
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ opened: false, status: 0 }));
  });
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('the loopback host', () => {
  it('answers contract calls and streams events to a client with the session cookie and the right origin', async () => {
    const { host: h, cookie } = await start();
    const outcome = await connect(h, { cookie });
    if (!outcome.opened) throw new Error(`refused: ${outcome.status}`);
    expect(outcome.ws.protocol).toBe(wireProtocol);
    outcome.ws.send(JSON.stringify({ type: 'call', id: 7, method: 'getStationInfo', input: {} }));
    await waitFor(() => outcome.messages.some((m) => (m as { id?: number }).id === 7));
    expect(outcome.messages).toContainEqual({ type: 'reply', id: 7, ok: true, value: info });
    expect(outcome.messages).toContainEqual({ type: 'event', name: 'cardStatus', payload: { state: 'ready', readers: ['Virtual PCD 00 00'] } });
    outcome.ws.close();
  });

  it('refuses a connection with a wrong or missing session cookie', async () => {
    const { host: h, records, cookie } = await start();
    expect(await connect(h, { cookie: `bonus_station_session=${'f'.repeat(43)}` })).toEqual({ opened: false, status: 401 });
    expect(await connect(h)).toEqual({ opened: false, status: 401 });
    expect(records.filter((r) => r.fields?.reason === 'session')).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain(cookie.split('=')[1]);
  });

  it('refuses a connection from a foreign origin even with the right cookie', async () => {
    const { host: h, cookie } = await start();
    expect(await connect(h, { cookie, origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
    expect(await connect(h, { cookie, origin: `http://127.0.0.1:${h.port + 1}` })).toEqual({ opened: false, status: 403 });
  });

  it('rejects an invalid call payload with the field names and closes on malformed messages', async () => {
    const { host: h, cookie } = await start();
    const outcome = await connect(h, { cookie });
    if (!outcome.opened) throw new Error('refused');
    outcome.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'getStationInfo', input: { extra: true } }));
    await waitFor(() => outcome.messages.some((m) => (m as { id?: number }).id === 1));
    expect(outcome.messages).toContainEqual({ type: 'reply', id: 1, ok: false, error: { code: 'invalid_input', message: 'Invalid input for getStationInfo', fields: ['(root)'] } });
    const closed = new Promise<number>((resolve) => outcome.ws.on('close', (code) => resolve(code)));
    outcome.ws.send('{not json');
    expect(await closed).toBe(1003);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const { host: h, cookie } = await start();
    const get = (path: string) => fetch(`${h.origin}${path}`, { headers: { cookie } });
    const index = await get('/');
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('/assets/app.js')).headers.get('content-type')).toContain('text/javascript');
    for (const path of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/nope.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('answers only requests addressed to itself (DNS rebinding)', async () => {
    const { host: h } = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: h.port, path: '/', headers: { Host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
  });

  it('listens on 127.0.0.1 only', async () => {
    const { host: h } = await start();
    expect(h.origin).toBe(`http://127.0.0.1:${h.port}`);
    expect(h.launchUrl()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/session\\?code=[\\w-]{43}$`));
  });
});
