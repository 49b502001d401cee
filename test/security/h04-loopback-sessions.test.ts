import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wireProtocol } from '../../main/contract/loopback-wire';
import { startLoopbackHost, type LoopbackHost } from '../../main/host/loopback/server';
import { LaunchCodes } from '../../main/host/loopback/ui-session';
import { createLogger, memorySink, type LogRecord } from '../../main/runtime/logger';
import { createStation } from '../../main/station/create-station';
import type { Station } from '../../main/station/station-options';
import { addStaffAccount, testStationOptions } from '../support/station-setup';
import { useTempDir } from '../support/temp-dir';

/**
 * Hole 4 (loopback sessions): the loopback host's token sat on Chromium's command line (readable
 * in /proc by every local user), in the host's stdout (the journal), and opened any number of
 * connections for the life of the process, so a duplicated tab, a copied address or another local
 * user acted as the signed-in clerk. Now a one-time launch code is traded once for an HttpOnly
 * cookie; one UI session per station, a newer one takes over; staff sign-in ends with its session.
 * The launcher's side (no code on any command line or in its output) is h04-launcher.spec.ts.
 */
const tempDir = useTempDir('h04-');
let station: Station | undefined;
let host: LoopbackHost | undefined;
afterEach(async () => {
  await host?.close();
  await station?.stop();
  host = undefined;
  station = undefined;
});

const clerk = { staffId: 'c.h04', displayName: 'Clara Vier', role: 'clerk' as const, password: 'Sitzung-Vier-2026' };

async function clerkDesk(options: { launchCodeTtlMs?: number } = {}) {
  const dir = tempDir();
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>station</title><script src="/app.js"></script>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log("renderer")');
  station = createStation(testStationOptions({ mode: 'clerk', card: { reader: 'h04 no reader' } }, dir));
  await station.start();
  await addStaffAccount(station.store.db, 'clerk', { ...clerk });
  const sink = memorySink();
  const built = station;
  host = await startLoopbackHost({ dispatch: built.dispatch, events: built.events, staticDir, log: createLogger('h04', sink), onSessionBegin: () => built.endStaffSession(), ...options });
  return { host, records: sink.records as LogRecord[] };
}

/** What the browser does with a launch address: GET it, keep the cookie, follow to `/`. */
async function open(launchUrl: string): Promise<{ status: number; cookie: string | null; location: string | null }> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, cookie: setCookie ? setCookie.split(';')[0]! : null, location: res.headers.get('location') };
}

interface Client {
  call(method: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  closed: Promise<number>;
}

async function connect(h: LoopbackHost, cookie: string | null): Promise<Client | { refused: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api`, [wireProtocol], { origin: h.origin, headers: cookie ? { cookie } : {} });
  const opened = await new Promise<number | true>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
  if (opened !== true) return { refused: opened };
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  let nextId = 1;
  return {
    closed,
    call: (method, input = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        ws.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { type: string; id?: number };
          if (message.type === 'reply' && message.id === id) resolve(message as never);
        });
        ws.once('close', () => reject(new Error('closed')));
        ws.send(JSON.stringify({ type: 'call', id, method, input }));
      }),
  };
}

function opened(outcome: Client | { refused: number }): Client {
  if ('refused' in outcome) throw new Error(`connection refused with ${outcome.refused}`);
  return outcome;
}

describe('hole 4: loopback sessions', () => {
  it('a launch code opens one session once: replaying it, a made-up or an expired code gets no cookie', async () => {
    const { host: h, records } = await clerkDesk({ launchCodeTtlMs: 60_000 });
    const launchUrl = h.launchUrl();
    const first = await open(launchUrl);
    expect(first).toMatchObject({ status: 303, location: '/' });
    expect(first.cookie).toMatch(/^bonus_station_session=[\w-]{43}$/);
    // The attacker who read the address (a process list, a log, the browser history) replays it.
    const replay = await open(launchUrl);
    expect(replay).toEqual({ status: 403, cookie: null, location: null });
    expect(await open(`${h.origin}/session?code=${'A'.repeat(43)}`)).toMatchObject({ status: 403, cookie: null });
    expect(await open(`${h.origin}/session`)).toMatchObject({ status: 403, cookie: null });
    // The first session still stands: a refused replay takes nothing over.
    expect((await opened(await connect(h, first.cookie)).call('getStationInfo')).ok).toBe(true);
    // Neither the code nor the cookie is ever logged.
    const logged = JSON.stringify(records);
    expect(logged).not.toContain(new URL(launchUrl).searchParams.get('code'));
    expect(logged).not.toContain(first.cookie!.split('=')[1]);
  });

  it('a code not used within its minute is worthless, and a launcher asking again and again cannot pile codes up', () => {
    let now = 1_000_000;
    const codes = new LaunchCodes({ now: () => now });
    const late = codes.mint();
    now += 60_001;
    expect(codes.redeem(late)).toBe(false);
    const minted = Array.from({ length: 6 }, () => codes.mint());
    expect(minted.map((code) => codes.redeem(code))).toEqual([false, false, true, true, true, true]);
  });

  it('a second tab, browser or local user without the cookie gets nothing: no page, no script, no connection', async () => {
    const { host: h, records } = await clerkDesk();
    const { cookie } = await open(h.launchUrl());
    expect((await fetch(`${h.origin}/`, { headers: { cookie: cookie! } })).status).toBe(200);
    for (const path of ['/', '/index.html', '/app.js']) {
      const res = await fetch(`${h.origin}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.text(), path).not.toContain('renderer');
    }
    expect(await connect(h, null)).toEqual({ refused: 401 });
    expect(await connect(h, 'bonus_station_session=guessed')).toEqual({ refused: 401 });
    expect(records.filter((r) => r.fields?.reason === 'session')).toHaveLength(2);
  });

  it('a second session takes over: the first one is closed and its cookie dead, and the first one’s staff sign-in is not usable from the second', async () => {
    const { host: h } = await clerkDesk();
    const a = await open(h.launchUrl());
    const sessionA = opened(await connect(h, a.cookie));
    expect(await sessionA.call('staffSignIn', { staffId: clerk.staffId, password: clerk.password })).toMatchObject({ ok: true, value: { ok: true } });
    expect((await sessionA.call('getDiagnostics')).ok).toBe(true);

    const b = await open(h.launchUrl());
    expect(b.cookie).not.toBe(a.cookie);
    // The first screen is closed with "replaced" and cannot come back with its old cookie.
    expect(await sessionA.closed).toBe(4001);
    expect(await connect(h, a.cookie)).toEqual({ refused: 401 });
    expect((await fetch(`${h.origin}/`, { headers: { cookie: a.cookie! } })).status).toBe(401);
    // The second session is not the clerk: the staff functions need a sign-in of its own.
    const sessionB = opened(await connect(h, b.cookie));
    expect(await sessionB.call('getStaffSession')).toMatchObject({ ok: true, value: null });
    expect(await sessionB.call('getDiagnostics')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sessionB.call('clerkPickMemberByKvnr', { kvnr: 'A123457895', birthDate: '1980-04-02' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('within its own session a reload reconnects and keeps the sign-in (the same browser, the same desk)', async () => {
    const { host: h } = await clerkDesk();
    const { cookie } = await open(h.launchUrl());
    const first = opened(await connect(h, cookie));
    expect(await first.call('staffSignIn', { staffId: clerk.staffId, password: clerk.password })).toMatchObject({ ok: true });
    const reloaded = opened(await connect(h, cookie));
    expect((await reloaded.call('getDiagnostics')).ok).toBe(true);
  });
});
