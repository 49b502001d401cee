import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualCards, type VirtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardHarness } from '../virtual-egk/harness';
import { acquireRealStack, pcscTestGate, vpcdReaders } from '../virtual-egk/pcsc-env';
import { VirtualCardSlot } from '../virtual-egk/vpcd-link';

const gate = pcscTestGate('card-read');
const [reader0, reader1] = vpcdReaders;
const holdMs = 500;

describe.skipIf(gate.skip)('reading every virtual eGK through the real pcscd and vpcd', () => {
  let release: (() => void) | undefined;
  let h: ReturnType<typeof realCardHarness>;
  const slots = vpcdReaders.map((r) => new VirtualCardSlot(r.port));

  beforeAll(async () => {
    release = await acquireRealStack();
    h = realCardHarness();
    h.service.start();
    await h.until('the reader to be ready', () => h.status()?.state === 'ready');
  }, 10 * 60_000);

  afterAll(async () => {
    await Promise.all(slots.map((s) => s.remove()));
    await h?.service.stop();
    release?.();
  });

  /** Inserts, lets the test look, keeps the card in for at least `holdMs`, removes, waits for the removal. */
  async function withCard(card: VirtualCard, slot: VirtualCardSlot, reader: string, look: () => Promise<void>) {
    const removalsBefore = h.removals().length;
    const insertedAt = Date.now();
    await slot.insert(new EgkCardProgram(card.image), { pullAfterApdus: card.pullAfterApdus });
    await look();
    const left = holdMs - (Date.now() - insertedAt);
    if (left > 0 && slot.inserted) await new Promise((r) => setTimeout(r, left));
    await slot.remove();
    await h.until(`removal of ${card.name}`, () => h.removals().length > removalsBefore && h.session(reader) === undefined);
  }

  const cards = virtualCards();
  it.each(cards.map((c) => [`${c.name}: ${c.description}`, c] as const))('%s', async (_title, card) => {
    await withCard(card, slots[0] as VirtualCardSlot, reader0.name, async () => {
      if (card.expect.outcome === 'removed-during-read') {
        await h.until('the removal during the read', () => h.removals().some((r) => r.reader === reader0.name && r.duringRead));
        expect(h.service.sessions()).toEqual([]);
        return;
      }
      const session = await h.settled(reader0.name);
      if (card.expect.outcome === 'ready') {
        expect(session.state).toBe('ready');
        if (session.state !== 'ready') return;
        expect(session.person.kvnr).toBe(card.expect.kvnr);
        expect(session.person.firstName).toBe(card.person?.firstName);
        expect(session.person.lastName).toBe(card.person?.lastName);
        expect(session.person.namePrefix).toBe(card.person?.prefix ?? null);
        expect(session.person.nameSuffix).toBe(card.person?.suffix ?? null);
        expect(session.person.title).toBe(card.person?.title ?? null);
        expect(session.person.address?.kind).toBe(card.person?.address.kind);
        expect(session.person.address?.countryCode).toBe(card.person?.address.countryCode);
        expect(session.cover.insurerIk).toBe(card.cover?.insurerIk);
        expect(session.card.iccsn).toBe(card.iccsn);
        expect(session.card.schemaVersion).toBe(card.schema);
      } else {
        expect(session).toMatchObject({ state: 'rejected', reason: card.expect.reason });
      }
    });
  });

  it('reads with extended length in 6 APDUs where card and reader allow it, and with short reads where not', () => {
    const byOutcome = h.reads.filter((r) => r.outcome === 'ready' && r.timing);
    expect(byOutcome.some((r) => r.timing?.extendedLength === true && r.timing.apdus === 6)).toBe(true);
    expect(byOutcome.some((r) => r.timing?.extendedLength === false)).toBe(true);
  });

  it('serves two readers at once, one session each', async () => {
    const [a, b] = ['mueller', 'lena'].map((name) => cards.find((c) => c.name === name) as VirtualCard) as [VirtualCard, VirtualCard];
    await Promise.all([slots[0]?.insert(new EgkCardProgram(a.image)), slots[1]?.insert(new EgkCardProgram(b.image))]);
    const [first, second] = await Promise.all([h.settled(reader0.name), h.settled(reader1.name)]);
    expect(first).toMatchObject({ state: 'ready', reader: reader0.name, person: { firstName: 'Hans-Jürgen' } });
    expect(second).toMatchObject({ state: 'ready', reader: reader1.name, person: { firstName: 'Lena' } });
    await new Promise((r) => setTimeout(r, holdMs));
    await slots[0]?.remove();
    await h.until('the first card to leave', () => h.session(reader0.name) === undefined);
    expect(h.session(reader1.name)).toMatchObject({ state: 'ready' });
    await slots[1]?.remove();
    await h.until('the second card to leave', () => h.service.sessions().length === 0);
  });
});
