import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookletLinkSync } from '../../main/clerk/booklets-sync';
import { MemberPicks } from '../../main/clerk/members';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import { useTempDir } from '../support/temp-dir';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardHarness } from '../virtual-egk/harness';
import { acquireRealStack, pcscTestGate, vpcdReaders } from '../virtual-egk/pcsc-env';
import { VirtualCardSlot } from '../virtual-egk/vpcd-link';

const gate = pcscTestGate('clerk-member-card');
const tempDir = useTempDir();

describe.skipIf(gate.skip)('picking the member at the clerk desk by the eGK in the reader (real pcscd, virtual card)', () => {
  let release: (() => void) | undefined;
  let h: ReturnType<typeof realCardHarness>;
  let store: StationDatabase;
  let picks: MemberPicks;
  const slot = new VirtualCardSlot(vpcdReaders[0]!.port);
  const reader = vpcdReaders[0]!.name;

  beforeAll(async () => {
    release = await acquireRealStack();
    h = realCardHarness();
    h.service.start();
    await h.until('the reader to be ready', () => h.status()?.state === 'ready');
    store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
    const log = createLogger('clerk-card', memorySink());
    picks = new MemberPicks({ db: store.db, cardSessions: () => h.service.sessions(), links: new BookletLinkSync({ db: store.db, api: null, log }), log, today: () => new Date().toISOString().slice(0, 10) });
  }, 10 * 60_000);

  afterAll(async () => {
    await slot.remove();
    await h?.service.stop();
    store?.close();
    release?.();
  });

  async function withCard(name: string, look: () => void) {
    const removalsBefore = h.removals().length;
    await slot.insert(new EgkCardProgram(virtualCard(name).image));
    await h.settled(reader);
    look();
    await slot.remove();
    await h.until(`removal of ${name}`, () => h.removals().length > removalsBefore && h.session(reader) === undefined);
  }

  it('takes name, birth date and KVNR from the card and gives the program by age', async () => {
    const mueller = virtualCard('mueller').expect as { kvnr: string };
    expect(picks.fromCard()).toEqual({ ok: false, problem: 'no-card' });
    await withCard('mueller', () => {
      expect(picks.fromCard()).toMatchObject({ ok: true, member: { kvnr: mueller.kvnr, displayName: 'Hans-Jürgen Müller', birthDate: '1967-03-12', source: 'card', program: 'adult' } });
    });
    await withCard('lena', () => {
      expect(picks.fromCard()).toMatchObject({ ok: true, member: { displayName: 'Lena Özdemir', source: 'card', program: 'child' } });
    });
    expect(picks.fromCard()).toEqual({ ok: false, problem: 'no-card' });
  });

  it('refuses a card whose KVNR has a wrong check digit', async () => {
    await withCard('wrong-check-digit', () => {
      expect(picks.fromCard()).toEqual({ ok: false, problem: 'card-rejected' });
    });
  });
});

if (gate.skip) {
  describe('picking the member by eGK at the clerk desk', () => {
    it.skip(`needs pcscd with vpcd: ${gate.reason}`, () => {});
  });
}
