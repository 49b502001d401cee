import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../main/contract';
import { createStation } from '../../main/station/create-station';
import type { Station } from '../../main/station/station-options';
import { readyCard } from '../support/kiosk-setup';
import { addStaffAccount, testStationOptions } from '../support/station-setup';
import { useTempDir } from '../support/temp-dir';

/**
 * Hole 7: a clerk station published the full card data (name, address, KVNR, birth date) to
 * every transport on every card insert, with nobody signed in — so a second browser tab on the
 * loopback host, or anyone at the unattended desk, read every member who put a card in the
 * reader. The renderer never needed it: the desk picks the member from the card inside main.
 */
const tempDir = useTempDir('h07-');
const stations: Station[] = [];
afterEach(async () => {
  for (const station of stations.splice(0)) await station.stop();
});

const password = 'Sommer-Kaffee-42';

async function clerkStation() {
  const station = createStation(testStationOptions({ mode: 'clerk', scanner: { sane: false }, card: { reader: 'h07 hand-driven reader' } }, tempDir()));
  stations.push(station);
  await station.start();
  await addStaffAccount(station.store.db, 'clerk', { staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password });
  // What a transport (the loopback WebSocket, the Electron IPC bridge) hears.
  const heard: { name: EventName; payload: unknown }[] = [];
  station.events.subscribe((name, payload) => heard.push({ name, payload }));
  const call = (method: string, input: unknown = {}) => station.dispatch(method, input, { transport: 'loopback' });
  return { station, heard, call };
}

describe('hole 7: card data at a clerk station', () => {
  it('never sends a card\'s personal data to a transport, signed in or not', async () => {
    const { station, heard, call } = await clerkStation();
    // The card service publishes what it read from the card in the reader (a reader of its own,
    // so that cards in the shared virtual readers do not interfere).
    station.events.publish('cardSessions', { sessions: [readyCard('s1')] });
    expect(JSON.stringify(heard)).not.toContain('A123457895');
    expect(JSON.stringify(heard)).not.toContain('Müller');

    expect((await call('staffSignIn', { staffId: 'c1', password })).ok).toBe(true);
    station.events.publish('cardSessions', { sessions: [readyCard('s2')] });
    expect(heard.some((e) => e.name === 'cardSessions')).toBe(false);
  });

  it('answers getCardSessions only to a signed-in clerk, and the clerk still picks the member from the card', async () => {
    const { station, call } = await clerkStation();
    station.events.publish('cardSessions', { sessions: [readyCard('s1')] });
    expect(await call('getCardSessions')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('clerkPickMemberFromCard')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect((await call('staffSignIn', { staffId: 'c1', password })).ok).toBe(true);
    expect(await call('getCardSessions')).toMatchObject({ ok: true });
    const picked = await call('clerkPickMemberFromCard');
    expect(picked).toMatchObject({ ok: true, value: { ok: true, member: { kvnr: 'A123457895' } } });
  });
});
