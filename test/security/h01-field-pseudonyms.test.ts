import { createHash, createHmac, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FieldEventCheckIn, fieldMemberRefHash } from '../../main/contract/service-api';
import { kvnrCheckDigit } from '../../main/domain/kvnr';
import { memberPseudonym } from '../../main/field/checkin-token';
import type { ServiceClient } from '../../main/sync/service-client';
import { openPglite, type Database } from '../../service/db/database';
import { adminHeaders, enrollStation, startService, type RunningService } from '../integration/sync-support/service-harness';

/**
 * Hole 1, third part: a field event's member state listed every member with a company health
 * measure that year, insurer-wide, as HMAC-SHA256(event secret, KVNR) — with the secret in the
 * same answer. A rogue field station (or a laptop lost after an event) reversed the list by
 * hashing the 2.6·10⁹ possible KVNRs at ~330k HMAC/s: about two core-hours. Now each ref is
 * scrypt with 16 MiB per hash, salted per event (main/contract/service-api.ts,
 * fieldMemberRefHash); docs/security.md gives the measured cost of a reversal.
 *
 * The attacker here holds everything a field station holds: the pulled list and the event's
 * secret, and a dictionary that contains the listed members' KVNRs. Fast hashes match nothing;
 * the memory-hard hash with cheaper parameters matches nothing either, so the cost cannot be
 * lowered: each guess costs the full hash.
 */
const kvnr = (firstNine: string) => `${firstNine}${kvnrCheckDigit(firstNine)}`;
const listed = ['F40000001', 'F40000002', 'F40000003'].map(kvnr);
const unlisted = Array.from({ length: 40 }, (_, i) => kvnr(`F4100${String(i).padStart(4, '0')}`));
const dictionary = [...unlisted, ...listed];

function fastGuesses(secret: Buffer, guess: string): string[] {
  const cut = (b: Buffer) => b.subarray(0, 16).toString('base64url');
  return [
    cut(createHmac('sha256', secret).update(guess).digest()),
    cut(createHash('sha256').update(secret).update(guess).digest()),
    cut(createHash('sha256').update(guess).digest()),
    cut(createHmac('sha256', Buffer.concat([Buffer.from(fieldMemberRefHash.saltPrefix), secret])).update(guess).digest()),
  ];
}

describe('hole 1: field-event member pseudonyms cannot be reversed cheaply', () => {
  let db: Database;
  let running: RunningService;
  let field: ServiceClient;
  const event = (id: string) => ({ id, title: 'Gesundheitstag', company: 'Muster AG', startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), measures: [5, 6] });
  const pull = (id: string) => field.json('GET', `/v1/field-events/${id}/check-in`, FieldEventCheckIn);

  beforeAll(async () => {
    db = await openPglite();
    running = await startService(db);
    for (const [i, k] of listed.entries()) {
      const m = { kvnr: k, cardNumber: `8027600765432199${String(i).padStart(4, '0')}`, firstName: 'Frieda', lastName: 'Feld', birthDate: '1970-01-0' + String(i + 1), participation: [], credited: [{ year: new Date().getFullYear(), measures: [5] }] };
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), m, adminHeaders);
    }
    await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), event('pseudo-a'), adminHeaders);
    await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), event('pseudo-b'), adminHeaders);
    ({ client: field } = await enrollStation(running, 'field-rogue', 'field'));
  }, 180_000);
  afterAll(async () => {
    field?.close();
    await running?.stop();
    await db?.close();
  });

  it('lists refs that no fast hash of a dictionary containing the members reproduces', async () => {
    const state = await pull('pseudo-a');
    expect(state.members).toHaveLength(listed.length);
    const secret = Buffer.from(state.eventSecret, 'base64');
    const refs = new Set(state.members.map((m) => m.ref));
    const matched = dictionary.filter((k) => fastGuesses(secret, k).some((guess) => refs.has(guess)));
    expect(matched).toEqual([]);
  });

  it('takes the full memory-hard hash per guess: cheaper scrypt parameters match nothing', async () => {
    const state = await pull('pseudo-a');
    const secret = Buffer.from(state.eventSecret, 'base64');
    const refs = new Set(state.members.map((m) => m.ref));
    const salt = Buffer.concat([Buffer.from(fieldMemberRefHash.saltPrefix), secret]);
    const cheap = listed.map((k) => scryptSync(k, salt, fieldMemberRefHash.bytes, { N: 2 ** 10, r: 1, p: 1 }).toString('base64url'));
    expect(cheap.filter((ref) => refs.has(ref))).toEqual([]);
    // At least 16 MiB of memory per hash (scrypt needs 128·N·r bytes).
    expect(128 * fieldMemberRefHash.N * fieldMemberRefHash.r).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    // The desk, with the member in front of it, finds them with the one full hash.
    expect(new Set(listed.map((k) => memberPseudonym(state.eventSecret, k)))).toEqual(refs);
  });

  it('gives the same member unlinkable refs in two events, and the same ref on every pull of one', async () => {
    const [a, b, again] = [await pull('pseudo-a'), await pull('pseudo-b'), await pull('pseudo-a')];
    expect(a.eventSecret).not.toBe(b.eventSecret);
    const refsA = a.members.map((m) => m.ref);
    expect(b.members.map((m) => m.ref).filter((ref) => refsA.includes(ref))).toEqual([]);
    expect(again.members).toEqual(a.members);
    // Each ref is computed once per event and member and kept at the service.
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM field_member_refs WHERE event_id = 'pseudo-a'")).rows[0]?.n).toBe(listed.length);
  });
});
