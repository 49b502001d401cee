import { describe, expect, it } from 'vitest';
import { eventNames, events, ipcChannel, isMethodName, methodNames, methods } from '.';

describe('the station contract', () => {
  it('defines every method with an input and an output schema', () => {
    expect(methodNames.length).toBeGreaterThan(0);
    for (const name of methodNames) {
      expect(typeof methods[name].input.safeParse, name).toBe('function');
      expect(typeof methods[name].output.safeParse, name).toBe('function');
    }
  });

  it('derives distinct IPC channels for methods and events', () => {
    const channels = [...methodNames.map(ipcChannel.method), ...eventNames.map(ipcChannel.event)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(Object.keys(events)).toEqual(eventNames);
  });

  it('does not treat Object.prototype members as methods', () => {
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('hasOwnProperty')).toBe(false);
  });
});
