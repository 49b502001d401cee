import { test } from '@playwright/test';
import { acquireRealStack, pcscTestGate, vpcdReaders } from '../virtual-egk/pcsc-env';
import { VirtualCardSlot } from '../virtual-egk/vpcd-link';

/**
 * For a `test.describe` that inserts virtual eGKs into the real pcscd: skipped with the reason
 * where the PC/SC stack is missing (a failure in CI), holds the vpcd lock for the suite, and
 * takes the card out after every test. Returns the first virtual reader's card slot.
 */
export function realCardStack(suite: string): VirtualCardSlot {
  const gate = pcscTestGate(suite);
  const slot = new VirtualCardSlot(vpcdReaders[0].port);
  let release: (() => void) | undefined;
  test.skip(gate.skip, `real PC/SC stack not available: ${gate.reason}`);
  test.beforeAll(async () => {
    // The readers are shared with every other suite on this machine: wait for them as long as it takes them.
    test.setTimeout(600_000);
    release = await acquireRealStack();
  });
  test.afterAll(() => release?.());
  test.afterEach(() => slot.remove());
  return slot;
}
