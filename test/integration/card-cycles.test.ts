import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardHarness } from '../virtual-egk/harness';
import { acquireRealStack, pcscTestGate, vpcdReaders } from '../virtual-egk/pcsc-env';
import { VirtualCardSlot } from '../virtual-egk/vpcd-link';

const gate = pcscTestGate('card-cycles');
const [reader] = vpcdReaders;
const cycles = 50;
const holdMs = 500;

describe.skipIf(gate.skip)('inserting and removing a card many times in a row', () => {
  let release: (() => void) | undefined;
  let h: ReturnType<typeof realCardHarness>;
  const slot = new VirtualCardSlot(reader.port);

  beforeAll(async () => {
    release = await acquireRealStack();
    h = realCardHarness();
    h.service.start();
    await h.until('the reader to be ready', () => h.status()?.state === 'ready');
  }, 10 * 60_000);

  afterAll(async () => {
    await slot.remove();
    await h?.service.stop();
    release?.();
  });

  it(`opens and drops one session per insertion, ${cycles} times, without a missed event`, async () => {
    const card = virtualCard('mueller');
    const sessionIds = new Set<string>();
    for (let i = 1; i <= cycles; i++) {
      const insertedAt = Date.now();
      await slot.insert(new EgkCardProgram(card.image));
      const session = await h.settled(reader.name);
      expect(session.state, `cycle ${i}`).toBe('ready');
      sessionIds.add(session.sessionId);
      const left = holdMs - (Date.now() - insertedAt);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      await slot.remove();
      await h.until(`removal in cycle ${i}`, () => h.removals().length === i && h.session(reader.name) === undefined);
      expect(h.count('card-inserted', reader.name), `insertions after cycle ${i}`).toBe(i);
      expect(h.count('card-removed', reader.name), `removals after cycle ${i}`).toBe(i);
    }
    expect(sessionIds.size).toBe(cycles);
    expect(h.removals().every((r) => !r.duringRead)).toBe(true);
  }, 5 * 60_000);
});
