import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardHarness } from '../virtual-egk/harness';
import { acquireRealStack, pcscdControlUnavailableReason, pcscdPid, pcscTestGate, startPcscd, stopPcscd, vpcdReaders } from '../virtual-egk/pcsc-env';
import { VirtualCardSlot } from '../virtual-egk/vpcd-link';

const gate = pcscTestGate('card-pcscd-restart');
const control = gate.reason ? null : pcscdControlUnavailableReason();
if (control && !process.env.CI) console.warn(`[card-pcscd-restart] skipped: cannot stop and start pcscd here: ${control}`);
const [reader] = vpcdReaders;

describe.skipIf(gate.skip || (control !== null && !process.env.CI))('pcscd stopping and starting while the station runs', () => {
  let release: (() => void) | undefined;
  let h: ReturnType<typeof realCardHarness>;
  const slot = new VirtualCardSlot(reader.port);

  beforeAll(async () => {
    if (control) throw new Error(`CI must be able to restart pcscd: ${control}`);
    release = await acquireRealStack();
    h = realCardHarness();
    h.service.start();
    await h.until('the reader to be ready', () => h.status()?.state === 'ready');
  }, 10 * 60_000);

  afterAll(async () => {
    await slot.remove();
    await h?.service.stop();
    // Leave a running pcscd behind for the next test file, whatever happened here.
    if (pcscdPid() === null) await startPcscd();
    release?.();
  }, 60_000);

  it('drops the session when pcscd goes away, says "no service", and recovers by itself when it is back', async () => {
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    expect(await h.settled(reader.name)).toMatchObject({ state: 'ready' });

    await stopPcscd();
    await h.until('"no service"', () => h.status()?.state === 'no-service');
    expect(h.service.sessions()).toEqual([]);
    expect(h.removals()).toHaveLength(1);
    await h.until('vpcd to drop the card connection', () => !slot.inserted, 5000);

    await startPcscd();
    await h.until('the reader to be ready again', () => h.status()?.state === 'ready', 20_000);
    await slot.insert(new EgkCardProgram(virtualCard('lena').image));
    expect(await h.settled(reader.name)).toMatchObject({ state: 'ready', person: { firstName: 'Lena' } });
    await new Promise((r) => setTimeout(r, 500));
    await slot.remove();
    await h.until('the removal', () => h.service.sessions().length === 0);
  }, 120_000);
});
