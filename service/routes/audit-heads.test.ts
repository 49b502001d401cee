import { describe, expect, it } from 'vitest';
import { judgeAuditReport } from './audit-heads';

const h = (seq: number, c: string) => ({ seq, hash: c.repeat(64) });
const held = h(5, 'a');

describe('how the service judges a station audit-head report against the head it holds', () => {
  it('takes a first report, a report extending the head held, and the head held itself', () => {
    expect(judgeAuditReport(null, { head: h(3, 'b'), since: null })).toBe('extends');
    expect(judgeAuditReport(held, { head: h(7, 'c'), since: held, read: held })).toBe('extends');
    expect(judgeAuditReport(held, { head: held, since: held })).toBe('extends');
    // Two first reports of the same head (the running app and `station sync now`): the same chain.
    expect(judgeAuditReport(held, { head: held, since: null, read: null })).toBe('extends');
  });

  it('calls a report stale, not tampered, when it was made against what the station read before another report of it', () => {
    // First reports racing: it read "none held"; its head behind or beyond the one the other process reported.
    expect(judgeAuditReport(held, { head: h(4, 'b'), since: null, read: null })).toBe('stale');
    expect(judgeAuditReport(held, { head: h(6, 'b'), since: null, read: null })).toBe('stale');
    // Later reports racing: it extends the head it read, the other process reported a newer one.
    expect(judgeAuditReport(held, { head: h(4, 'b'), since: h(3, 'd'), read: h(3, 'd') })).toBe('stale');
    expect(judgeAuditReport(held, { head: h(3, 'd'), since: h(3, 'd'), read: h(3, 'd') })).toBe('stale');
  });

  it('flags a cut or rewritten chain, also when the report claims to have read another head but does not fit it', () => {
    // Read the head held now: judged as ever. Cut below the held head (no entry there: since null) or rewritten.
    expect(judgeAuditReport(held, { head: h(3, 'b'), since: null, read: held })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(7, 'b'), since: h(5, 'e'), read: held })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(5, 'e'), since: h(5, 'e'), read: held })).toBe('mismatch');
    // An older station without `read`: as before.
    expect(judgeAuditReport(held, { head: h(6, 'b'), since: null })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(4, 'b'), since: h(3, 'd') })).toBe('mismatch');
    // Claims another read, but its own entry there does not carry the hash it read, or its head is below it.
    expect(judgeAuditReport(held, { head: h(6, 'b'), since: h(3, 'e'), read: h(3, 'd') })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(6, 'b'), since: null, read: h(3, 'd') })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(2, 'b'), since: h(3, 'd'), read: h(3, 'd') })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(3, 'f'), since: h(3, 'd'), read: h(3, 'd') })).toBe('mismatch');
    expect(judgeAuditReport(held, { head: h(6, 'b'), since: h(3, 'd'), read: null })).toBe('mismatch');
  });
});
