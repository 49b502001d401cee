import { afterEach, describe, expect, it } from 'vitest';
import { CardSupervisor } from '../../native/card/card-supervisor';
import { virtualCard, virtualCards } from '../../test/virtual-egk/cards';
import { EgkCardProgram } from '../../test/virtual-egk/egk-card';
import { MemoryPcsc } from '../../test/virtual-egk/memory-pcsc';
import { events, type EventName } from '../contract';
import { createLogger, memorySink } from '../runtime/logger';
import { CardSessionService } from './card-session-service';

const today = new Date(2026, 2, 15, 10, 0);

function setup(readers = ['R0']) {
  const pcsc = new MemoryPcsc(readers);
  const published: { name: EventName; payload: unknown }[] = [];
  const sink = memorySink();
  const service = new CardSessionService({
    supervisor: new CardSupervisor({ backend: pcsc.backend(), waitTimeoutMs: 200, retryMs: 20 }),
    // Everything published must pass the contract's schema, as the EventHub checks it.
    publish: (name, payload) => published.push({ name, payload: events[name].parse(payload) }),
    policy: { insurerIks: ['109999990'] },
    log: createLogger('test', sink),
    now: () => today,
    removalGraceMs: 300,
  });
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 400 && !test(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(test()).toBe(true);
  };
  const last = (name: EventName) => [...published].reverse().find((p) => p.name === name)?.payload;
  return { pcsc, service, published, until, last, sink };
}

let stopping: CardSessionService | null = null;
afterEach(async () => {
  await stopping?.stop();
  stopping = null;
});

describe('card sessions', () => {
  it('open as "reading" when the card arrives and become "ready" with the member\'s data', async () => {
    const { pcsc, service, until, published } = setup();
    stopping = service;
    service.start();
    pcsc.insert('R0', new EgkCardProgram(virtualCard('mueller', today).image));
    await until(() => service.sessions()[0]?.state === 'ready');
    const sessions = published.filter((p) => p.name === 'cardSessions').map((p) => (p.payload as { sessions: { state: string }[] }).sessions.map((s) => s.state));
    expect(sessions).toContainEqual(['reading']);
    const session = service.sessions()[0];
    expect(session).toMatchObject({ state: 'ready', reader: 'R0', person: { lastName: 'Müller', title: 'Dr.' }, cover: { insurerIk: '109999990' }, card: { iccsnLastFour: '2345' } });
  });

  it.each(virtualCards(today).filter((c) => c.expect.outcome === 'rejected'))('reject the card "$name" with the reason its data gives', async (card) => {
    const { pcsc, service, until } = setup();
    stopping = service;
    service.start();
    pcsc.insert('R0', new EgkCardProgram(card.image));
    await until(() => service.sessions()[0]?.state === 'rejected');
    expect(service.sessions()[0]).toMatchObject({ state: 'rejected', reason: card.expect.outcome === 'rejected' ? card.expect.reason : '' });
    expect(service.sessions()[0]).not.toHaveProperty('person');
  });

  it('drop the session and all its data at once when the card is pulled', async () => {
    const { pcsc, service, until, last } = setup();
    stopping = service;
    service.start();
    pcsc.insert('R0', new EgkCardProgram(virtualCard('weissenfels', today).image));
    await until(() => service.sessions()[0]?.state === 'ready');
    const sessionId = service.sessions()[0]?.sessionId;
    pcsc.remove('R0');
    await until(() => service.sessions().length === 0);
    expect(last('cardSessions')).toEqual({ sessions: [] });
    expect(last('cardRemoved')).toMatchObject({ reader: 'R0', sessionId, duringRead: false });
    expect(last('cardStatus')).toMatchObject({ state: 'ready' });
  });

  it('say "removed during the read" for a card pulled in the middle, and publish no data from it', async () => {
    const { pcsc, service, until, last, published } = setup();
    stopping = service;
    pcsc.apduDelayMs = 20;
    service.start();
    pcsc.insert('R0', new EgkCardProgram(virtualCard('pulled', today).image));
    await until(() => service.sessions()[0]?.state === 'reading');
    await new Promise((r) => setTimeout(r, 50));
    pcsc.remove('R0');
    await until(() => last('cardRemoved') !== undefined);
    expect(last('cardRemoved')).toMatchObject({ reader: 'R0', duringRead: true });
    await new Promise((r) => setTimeout(r, 400));
    expect(published.some((p) => p.name === 'cardSessions' && JSON.stringify(p.payload).includes('"ready"'))).toBe(false);
    expect(service.sessions()).toEqual([]);
  });

  it('keep one session per reader with two cards at once', async () => {
    const { pcsc, service, until } = setup(['R0', 'R1']);
    stopping = service;
    service.start();
    pcsc.insert('R0', new EgkCardProgram(virtualCard('mueller', today).image));
    pcsc.insert('R1', new EgkCardProgram(virtualCard('lena', today).image));
    await until(() => service.sessions().filter((s) => s.state === 'ready').length === 2);
    const names = service.sessions().map((s) => (s.state === 'ready' ? `${s.reader}:${s.person.firstName}` : ''));
    expect(names.sort()).toEqual(['R0:Hans-Jürgen', 'R1:Lena']);
    pcsc.remove('R0');
    await until(() => service.sessions().length === 1);
    expect(service.sessions()[0]).toMatchObject({ reader: 'R1', state: 'ready' });
  });

  it('publish the reader status the status bar shows, including a pulled reader and a stopped service', async () => {
    const { pcsc, service, until, last } = setup();
    stopping = service;
    service.start();
    await until(() => (last('cardStatus') as { state: string })?.state === 'ready');
    pcsc.stopService();
    await until(() => (last('cardStatus') as { state: string }).state === 'no-service');
    pcsc.startService();
    await until(() => (last('cardStatus') as { state: string }).state === 'ready');
    pcsc.removeReader('R0');
    await until(() => (last('cardStatus') as { state: string }).state === 'reader-removed');
  });

  it('never write card data into the log', async () => {
    const { pcsc, service, until, sink } = setup();
    stopping = service;
    service.start();
    pcsc.insert('R0', new EgkCardProgram(virtualCard('mueller', today).image));
    await until(() => service.sessions()[0]?.state === 'ready');
    pcsc.remove('R0');
    await until(() => service.sessions().length === 0);
    const logged = JSON.stringify(sink.records);
    expect(logged).toContain('card read');
    for (const secret of ['Müller', 'Hans', 'M123456785', '80276883110000012345', '1967', 'Stuttgart']) expect(logged).not.toContain(secret);
  });
});
