import { describe, expect, it } from 'vitest';
import { ServiceLifecycle } from './lifecycle';
import { createLogger, memorySink } from './logger';
import type { StationService } from './service';

/** Services that record what happens to them; `slowStop` finishes its stop only after a tick, `failStart`/`failStop` throw. */
function services(names: string[], options: { slowStop?: string; failStart?: string; failStop?: string } = {}) {
  const log: string[] = [];
  const list: StationService[] = names.map((name) => ({
    name,
    start: async () => {
      await Promise.resolve();
      if (name === options.failStart) throw new Error(`${name} cannot start`);
      log.push(`start ${name}`);
    },
    stop: async () => {
      if (name === options.slowStop) await new Promise((resolve) => setImmediate(resolve));
      if (name === options.failStop) throw new Error(`${name} cannot stop`);
      log.push(`stop ${name}`);
    },
  }));
  return { list, log };
}

const logger = () => createLogger('test', memorySink());

describe('starting and stopping a station', () => {
  it('starts in order and stops in reverse, each stop awaited before the next', async () => {
    const { list, log } = services(['store-user', 'session', 'card'], { slowStop: 'card' });
    const lifecycle = new ServiceLifecycle(list, logger());
    await lifecycle.start();
    await lifecycle.stop();
    expect(log).toEqual(['start store-user', 'start session', 'start card', 'stop card', 'stop session', 'stop store-user']);
  });

  it('stops once when asked twice (a second quit, a signal during shutdown)', async () => {
    const { list, log } = services(['a', 'b']);
    const lifecycle = new ServiceLifecycle(list, logger());
    await lifecycle.start();
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(log.filter((l) => l.startsWith('stop'))).toEqual(['stop b', 'stop a']);
  });

  it('a failed start stops what had started, in reverse, and fails', async () => {
    const { list, log } = services(['a', 'b', 'c'], { failStart: 'c' });
    const lifecycle = new ServiceLifecycle(list, logger());
    await expect(lifecycle.start()).rejects.toThrow('c cannot start');
    expect(log).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    await lifecycle.stop();
    expect(log).toHaveLength(4);
  });

  it('a service that fails to stop does not keep the others running', async () => {
    const { list, log } = services(['a', 'b', 'c'], { failStop: 'b' });
    const sink = memorySink();
    const lifecycle = new ServiceLifecycle(list, createLogger('test', sink));
    await lifecycle.start();
    await lifecycle.stop();
    expect(log.filter((l) => l.startsWith('stop'))).toEqual(['stop c', 'stop a']);
    expect(JSON.stringify(sink.records)).toContain('service failed to stop cleanly');
  });

  it('a stop during the start waits for it, starts nothing more, and stops what started', async () => {
    const { list, log } = services(['a', 'b', 'c']);
    const lifecycle = new ServiceLifecycle(list, logger());
    const starting = lifecycle.start();
    const stopping = lifecycle.stop();
    await Promise.all([starting, stopping]);
    expect(log.at(-1)).toBe('stop a');
    expect(log.filter((l) => l.startsWith('start')).length).toBe(log.filter((l) => l.startsWith('stop')).length);
    await expect(lifecycle.start()).rejects.toThrow(/stopping/);
  });
});
