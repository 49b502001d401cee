import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CardSession, ClerkMemberView, MemberPickResult, MemberSearchResult } from '../contract';
import { programFor } from '../domain';
import { checkKvnr } from '../domain/kvnr';
import type { Logger } from '../runtime/logger';
import { memberRef } from '../sync/outbox';
import { bookletsOfMember } from './booklets';
import type { BookletLinkSync } from './booklets-sync';

/**
 * The member at the clerk desk, picked three ways:
 * - by KVNR (format, digit runs and check digit checked) with the birth date: nothing is
 *   looked up, the station keeps no member register and the program needs the age;
 * - from the eGK in the desk's reader (name, birth date and KVNR from the card);
 * - by exact last name, first name and birth date: the station's own records (members who
 *   got a booklet here by card or by name, kept only as an HMAC of name and birth date, so
 *   no list of names exists on the station), and the service's member register when online.
 *   Exact matches only, never a partial name: the search finds nobody the clerk could not
 *   already name precisely.
 *
 * A pick stays in main's memory for the signed-in clerk; the renderer refers to it by pickId.
 */
export interface PickedMember {
  pickId: string;
  kvnr: string;
  birthDate: string;
  firstName: string | null;
  lastName: string | null;
  source: ClerkMemberView['source'];
}

export type CardSessionsNow = () => CardSession[];

/** "Müller-Lüdenscheidt " → "muller-ludenscheidt": what the exact search compares. */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function initialsOf(firstName: string | null, lastName: string | null): string | null {
  if (!firstName || !lastName) return null;
  return `${firstName.trim().charAt(0).toUpperCase()}. ${lastName.trim().charAt(0).toUpperCase()}.`;
}

/** Card birth dates may carry "00" for an unknown month or day; the age is then taken from the 1st. */
function calendarBirthDate(value: string): string {
  return value.replace(/-00(?=-|$)/g, '-01');
}

const maxPicks = 50;

export class MemberPicks {
  private readonly picks = new Map<string, PickedMember>();

  constructor(
    private readonly options: { db: Database; cardSessions: CardSessionsNow; links: BookletLinkSync; log: Logger; today: () => string },
  ) {}

  byKvnr(kvnr: string, birthDate: string): MemberPickResult {
    const check = checkKvnr(kvnr);
    if (!check.ok) return { ok: false, problem: check.problem === 'format' ? 'kvnr-format' : 'kvnr-check-digit' };
    if (birthDate > this.options.today()) return { ok: false, problem: 'birth-date-future' };
    return { ok: true, member: this.view(this.add({ kvnr, birthDate, firstName: null, lastName: null, source: 'kvnr' })) };
  }

  fromCard(): MemberPickResult {
    const sessions = this.options.cardSessions();
    const ready = sessions.find((s) => s.state === 'ready');
    if (ready?.state === 'ready') {
      const p = ready.person;
      return { ok: true, member: this.view(this.add({ kvnr: p.kvnr, birthDate: calendarBirthDate(p.birthDate), firstName: p.firstName, lastName: p.lastName, source: 'card' })) };
    }
    if (sessions.some((s) => s.state === 'reading')) return { ok: false, problem: 'card-reading' };
    if (sessions.some((s) => s.state === 'rejected')) return { ok: false, problem: 'card-rejected' };
    return { ok: false, problem: 'no-card' };
  }

  /** `staffId`: the signed-in clerk, signed into the service's request so the service audits and rate-limits per person. */
  async search(lastName: string, firstName: string, birthDate: string, staffId: string): Promise<MemberSearchResult> {
    const found = new Map<string, PickedMember>();
    const rows = this.options.db.prepare('SELECT kvnr, birth_date FROM member_name_key WHERE name_key = ? ORDER BY kvnr').all(this.nameKey(lastName, firstName, birthDate)) as { kvnr: string; birth_date: string }[];
    for (const row of rows) found.set(row.kvnr, { pickId: '', kvnr: row.kvnr, birthDate: row.birth_date, firstName: firstName.trim(), lastName: lastName.trim(), source: 'station-records' });

    let service: MemberSearchResult['searched']['service'] = 'disabled';
    const api = this.options.links.online ? this.options.links.signed() : null;
    if (this.options.links.online && !api) service = 'offline';
    if (api) {
      try {
        const answer = await api.call('searchMembers', { body: { lastName, firstName, birthDate, staffId } }, this.options.links.callOptions);
        service = 'answered';
        for (const m of answer.members) if (!found.has(m.kvnr)) found.set(m.kvnr, { pickId: '', kvnr: m.kvnr, birthDate: m.birthDate, firstName: m.firstName, lastName: m.lastName, source: 'service' });
      } catch (error) {
        service = 'offline';
        this.options.log.warn('member search at the service failed', { reason: error instanceof Error ? error.name : 'unknown' });
      }
    }
    return { members: [...found.values()].map((m) => this.view(this.add(m))), searched: { station: true, service } };
  }

  get(pickId: string): PickedMember | undefined {
    return this.picks.get(pickId);
  }

  /** Keeps the exact-search key of a member who got a booklet here (by card or by name). */
  remember(pick: PickedMember, now: Date): void {
    if (!pick.firstName || !pick.lastName) return;
    this.options.db
      .prepare(
        `INSERT INTO member_name_key (name_key, member_ref, kvnr, birth_date, initials, seen_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name_key, member_ref) DO UPDATE SET seen_at = excluded.seen_at`,
      )
      .run(this.nameKey(pick.lastName, pick.firstName, pick.birthDate), memberRef(this.options.db, pick.kvnr), pick.kvnr, pick.birthDate, initialsOf(pick.firstName, pick.lastName), now.toISOString());
  }

  /** The clerk signed out or the desk was cleared: no pick outlives the session. */
  clear(): void {
    this.picks.clear();
  }

  view(pick: PickedMember): ClerkMemberView {
    const displayName = pick.firstName && pick.lastName ? `${pick.firstName} ${pick.lastName}` : null;
    return {
      pickId: pick.pickId,
      kvnr: pick.kvnr,
      displayName,
      birthDate: pick.birthDate,
      source: pick.source,
      program: programFor(pick.birthDate, this.options.today()),
      booklets: bookletsOfMember(this.options.db, pick.kvnr),
    };
  }

  private add(member: Omit<PickedMember, 'pickId'>): PickedMember {
    const pick = { ...member, pickId: randomUUID() };
    this.picks.set(pick.pickId, pick);
    // A desk works on a handful of members at a time; the oldest picks go first.
    while (this.picks.size > maxPicks) this.picks.delete(this.picks.keys().next().value!);
    return pick;
  }

  private nameKey(lastName: string, firstName: string, birthDate: string): string {
    return memberRef(this.options.db, `name|${normalizeName(lastName)}|${normalizeName(firstName)}|${birthDate}`);
  }
}
