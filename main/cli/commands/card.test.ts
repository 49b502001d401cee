import { describe, expect, it } from 'vitest';
import { virtualCard } from '../../../test/virtual-egk/cards';
import { EgkCardProgram } from '../../../test/virtual-egk/egk-card';
import { MemoryPcsc } from '../../../test/virtual-egk/memory-pcsc';
import type { CliIo } from '../command';
import { cardExitCode, createCardCommand } from './card';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', env: { BONUS_STATION_DATA_DIR: '/nonexistent' }, cwd: '/' };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

async function readWith(pcsc: MemoryPcsc, cardName: string | null, args: string[] = []) {
  if (cardName) pcsc.insert('R0', new EgkCardProgram(virtualCard(cardName).image));
  const console = io();
  const code = await createCardCommand(() => pcsc.backend()).run(['read', '--timeout', '1', ...args], console.value);
  return { code, out: console.out(), err: console.err() };
}

describe('station card read', () => {
  it('prints the member read from the card, names in German order, and exits 0', async () => {
    const { code, out } = await readWith(new MemoryPcsc(['R0']), 'weissenfels');
    expect(code).toBe(0);
    expect(out).toContain('Prof. Dr. Friederike Freifrau von Weißenfels');
    expect(out).toContain('last four 3456');
  });

  it('prints the session as JSON with --json', async () => {
    const { code, out } = await readWith(new MemoryPcsc(['R0']), 'schmidt', ['--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ state: 'ready', person: { lastName: 'Schmidt-Oberhausen-Großkreutz', address: { kind: 'postbox' } } });
  });

  it.each([
    ['bank-card', cardExitCode.notHealthCard],
    ['corrupt-gzip', cardExitCode.unreadable],
    ['cover-ended', cardExitCode.rejected],
    ['other-insurer', cardExitCode.rejected],
  ])('exits with a distinct code for the card "%s"', async (name, expected) => {
    expect((await readWith(new MemoryPcsc(['R0']), name)).code).toBe(expected);
  });

  it('distinguishes no PC/SC service, no binding, no reader, and no card', async () => {
    const stopped = new MemoryPcsc(['R0']);
    stopped.stopService();
    expect((await readWith(stopped, null)).code).toBe(cardExitCode.noService);
    const noBinding = await createCardCommand(() => ({ available: false, reason: 'PC/SC binding not available (test)' })).run(['read'], io().value);
    expect(noBinding).toBe(cardExitCode.noService);
    expect((await readWith(new MemoryPcsc([]), null)).code).toBe(cardExitCode.noReader);
    const wrongReader = await readWith(new MemoryPcsc(['R0']), null, ['--reader', 'R9']);
    expect(wrongReader.code).toBe(cardExitCode.noReader);
    expect(wrongReader.err).toContain('"R0"');
    expect((await readWith(new MemoryPcsc(['R0']), null)).code).toBe(cardExitCode.noCard);
  });

  it('documents every exit code in its usage text', () => {
    const { usage } = createCardCommand();
    for (const code of Object.values(cardExitCode)) expect(usage).toContain(` ${code} `);
  });
});

describe('station card watch', () => {
  it('prints readers and cards coming and going, without card data', async () => {
    const pcsc = new MemoryPcsc(['R0']);
    const console = io();
    const running = createCardCommand(() => pcsc.backend()).run(['watch', '--json', '--timeout', '0.3'], console.value);
    await new Promise((r) => setTimeout(r, 50));
    pcsc.insert('R0', new EgkCardProgram(virtualCard('mueller').image));
    await new Promise((r) => setTimeout(r, 50));
    pcsc.remove('R0');
    expect(await running).toBe(0);
    const events = console.out().trim().split('\n').map((l) => JSON.parse(l) as { event: string; state?: string });
    expect(events.filter((e) => e.event !== 'state').map((e) => e.event)).toEqual(['reader-attached', 'card-inserted', 'card-removed']);
    expect(events.at(-1)).toMatchObject({ event: 'state', state: 'stopped' });
    expect(console.out()).not.toContain('Müller');
  });
});
