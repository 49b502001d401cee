import { describe, expect, it } from 'vitest';
import { ContractError } from '../contract';
import { createLogger, memorySink } from './logger';
import { createDispatcher, type Handlers } from './dispatcher';

const info = {
  stationId: 'st-1',
  branch: 'Testfiliale',
  mode: 'kiosk' as const,
  language: 'de' as const,
  appVersion: '1.0.0',
  transport: 'loopback' as const,
  inactivityTimeoutSeconds: 90,
  appInstall: null,
  today: '2027-07-15',
};

function setup(overrides: Partial<Handlers> = {}) {
  const sink = memorySink();
  const handlers = {
    getStationInfo: () => info,
    getDiagnostics: () => {
      throw new ContractError('not_available', 'no diagnostics in this test');
    },
    getStatus: () => ({ card: { state: 'bogus' }, scanner: {}, sync: {} }),
    ...overrides,
  } as unknown as Handlers;
  return { dispatch: createDispatcher(handlers, createLogger('test', sink, 'debug')), records: sink.records };
}

describe('the contract dispatcher', () => {
  it('answers a valid call with the handler result', async () => {
    const { dispatch } = setup();
    expect(await dispatch('getStationInfo', {}, { transport: 'test' })).toEqual({ ok: true, value: info });
  });

  it('rejects a payload that does not match the schema, and logs the field names but not the values', async () => {
    const { dispatch, records } = setup();
    const reply = await dispatch('getStationInfo', { kvnr: 'A123457895' }, { transport: 'electron' });
    expect(reply).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid input for getStationInfo', fields: ['(root)'] } });
    const logged = records.find((r) => r.message === 'rejected call with invalid payload');
    expect(logged?.fields).toMatchObject({ transport: 'electron', method: 'getStationInfo' });
    expect(JSON.stringify(records)).not.toContain('A123457895');
  });

  it('rejects unknown and inherited method names', async () => {
    const { dispatch, records } = setup();
    for (const name of ['doesNotExist', 'constructor', '__proto__', 42]) {
      expect(await dispatch(name, {}, { transport: 'loopback' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(records.filter((r) => r.message === 'rejected call to unknown method')).toHaveLength(4);
  });

  it('passes a handler ContractError through with its code', async () => {
    const { dispatch } = setup();
    expect(await dispatch('getDiagnostics', {}, { transport: 'test' })).toEqual({ ok: false, error: { code: 'not_available', message: 'no diagnostics in this test' } });
  });

  it('never sends the renderer a result that violates the contract', async () => {
    const { dispatch, records } = setup();
    expect(await dispatch('getStatus', {}, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(records.some((r) => r.level === 'error' && r.message.includes('violates the contract'))).toBe(true);
  });

  it('hides unexpected handler failures behind an internal error, logging only the error type', async () => {
    const { dispatch, records } = setup({
      getStationInfo: () => {
        throw new TypeError('secret detail Erika Mustermann');
      },
    });
    expect(await dispatch('getStationInfo', {}, { transport: 'test' })).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(JSON.stringify(records)).not.toContain('Mustermann');
    expect(records.at(-1)?.fields).toMatchObject({ error: 'TypeError' });
  });
});
