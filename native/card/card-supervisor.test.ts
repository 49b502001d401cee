import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPcsc } from '../../test/virtual-egk/memory-pcsc';
import { EgkCardProgram } from '../../test/virtual-egk/egk-card';
import { virtualCard } from '../../test/virtual-egk/cards';
import { CardSupervisor, type SupervisorEvent } from './card-supervisor';

const card = () => new EgkCardProgram(virtualCard('mueller').image);

function setup(readers = ['R0']) {
  const pcsc = new MemoryPcsc(readers);
  const supervisor = new CardSupervisor({ backend: pcsc.backend(), waitTimeoutMs: 200, retryMs: 20 });
  const events: SupervisorEvent[] = [];
  supervisor.on((e) => events.push(e));
  const seen = (type: SupervisorEvent['type']) => events.filter((e) => e.type === type).map((e) => ('reader' in e ? e.reader : e.type === 'state' ? e.state.kind : ''));
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(test()).toBe(true);
  };
  return { pcsc, supervisor, events, seen, until };
}

let running: CardSupervisor | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('the card supervisor', () => {
  it('reports the readers, then each insertion and removal', async () => {
    const { pcsc, supervisor, seen, until } = setup(['R0', 'R1']);
    running = supervisor;
    supervisor.start();
    await until(() => seen('reader-attached').length === 2);
    pcsc.insert('R1', card());
    await until(() => seen('card-inserted').length === 1);
    expect(supervisor.cardPresent('R1')).toBe(true);
    pcsc.remove('R1');
    await until(() => seen('card-removed').length === 1);
    expect(seen('card-inserted')).toEqual(['R1']);
    expect(seen('card-removed')).toEqual(['R1']);
  });

  it('reports a card that is already in the reader at start', async () => {
    const { pcsc, supervisor, seen, until } = setup();
    pcsc.insert('R0', card());
    running = supervisor;
    supervisor.start();
    await until(() => seen('card-inserted').length === 1);
  });

  it('sees a card swapped between two looks through the event counter', async () => {
    const { pcsc, supervisor, seen, until } = setup();
    running = supervisor;
    supervisor.start();
    pcsc.insert('R0', card());
    await until(() => seen('card-inserted').length === 1);
    // Removed and inserted again before the supervisor looks: only the counter tells.
    pcsc.batch(() => {
      pcsc.remove('R0');
      pcsc.insert('R0', card());
    });
    await until(() => seen('card-inserted').length === 2);
    expect(seen('card-removed')).toEqual(['R0']);
  });

  it('reports readers plugged in and pulled, naming the last one pulled', async () => {
    const { pcsc, supervisor, seen, until } = setup([]);
    running = supervisor;
    supervisor.start();
    await until(() => supervisor.state.kind === 'running');
    pcsc.addReader('USB reader');
    await until(() => seen('reader-attached').includes('USB reader'));
    pcsc.insert('USB reader', card());
    await until(() => seen('card-inserted').length === 1);
    pcsc.removeReader('USB reader');
    await until(() => seen('reader-removed').includes('USB reader'));
    expect(seen('card-removed')).toEqual(['USB reader']);
    expect(supervisor.state).toMatchObject({ kind: 'running', readers: [], lastRemovedReader: 'USB reader' });
  });

  it('treats a reader pulled just before it waits as a reader change, keeping the cards in the other readers', async () => {
    const { pcsc, supervisor, seen, until } = setup(['R0', 'R1']);
    running = supervisor;
    supervisor.start();
    pcsc.insert('R0', card());
    await until(() => seen('card-inserted').length === 1);
    // Silently pulled (no notification), so the next wait starts with a reader pcsc-lite no longer knows.
    pcsc.beforeNextWait = () => pcsc.batch(() => pcsc.removeReader('R1'));
    pcsc.insert('R0', card()); // wakes the current wait; the next one hits the unknown reader
    await until(() => seen('reader-removed').includes('R1'));
    expect(seen('state')).not.toContain('no-service');
    expect(supervisor.cardPresent('R0')).toBe(true);
  });

  it('survives the PC/SC service stopping and coming back, without being restarted', async () => {
    const { pcsc, supervisor, seen, until } = setup();
    running = supervisor;
    supervisor.start();
    pcsc.insert('R0', card());
    await until(() => seen('card-inserted').length === 1);
    pcsc.stopService();
    await until(() => supervisor.state.kind === 'no-service');
    expect(seen('card-removed')).toEqual(['R0']);
    pcsc.startService();
    await until(() => supervisor.state.kind === 'running');
    pcsc.insert('R0', card());
    await until(() => seen('card-inserted').length === 2);
  });

  it('starts in "no service" when the service is down and recovers once it is up', async () => {
    const { pcsc, supervisor, seen, until } = setup();
    pcsc.stopService();
    running = supervisor;
    supervisor.start();
    await until(() => supervisor.state.kind === 'no-service');
    expect(seen('state').filter((s) => s === 'no-service')).toHaveLength(1); // reported once, not per retry
    pcsc.startService();
    await until(() => supervisor.state.kind === 'running');
  });

  it('says so when there is no PC/SC binding, and does nothing else', async () => {
    const supervisor = new CardSupervisor({ backend: { available: false, reason: 'PC/SC binding not available (test)' } });
    const events: SupervisorEvent[] = [];
    supervisor.on((e) => events.push(e));
    supervisor.start();
    expect(supervisor.state).toEqual({ kind: 'binding-unavailable', reason: 'PC/SC binding not available (test)' });
    await supervisor.stop();
    expect(events).toHaveLength(1);
  });

  it('reports cards as removed when it stops', async () => {
    const { pcsc, supervisor, seen, until } = setup();
    pcsc.insert('R0', card());
    supervisor.start();
    await until(() => seen('card-inserted').length === 1);
    await supervisor.stop();
    expect(seen('card-removed')).toEqual(['R0']);
    expect(supervisor.state.kind).toBe('stopped');
  });
});
