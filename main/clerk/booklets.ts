import { randomInt } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BookletLinkView } from '../contract';
import type { BookletLinkRecord } from '../contract/service-api';
import { memberRef } from '../sync/outbox';

/**
 * The booklet register: which member a booklet id belongs to. The id is printed in every
 * page's QR code (no personal data there); this table and the service's booklet_links are
 * the only places that tie it to a person.
 *
 * Stored per booklet (migration 0010): the KVNR (a booking is a submission for that KVNR, and
 * must work offline), the birth date (program and the rules engine's verdict depend on the
 * age), initials at most (the clerk's check on the verification screen), year and program.
 */
export interface BookletMember {
  bookletId: string;
  kvnr: string;
  memberRef: string;
  birthDate: string;
  /** "E. T." when the member was picked by card or name; null after a pick by KVNR. */
  initials: string | null;
  year: number;
  program: 'adult' | 'child';
  legacy: boolean;
  /** Issued at this station, or pulled from the service for a booklet issued elsewhere. */
  source: 'station' | 'service';
}

interface LinkRow {
  booklet_id: string;
  member_ref: string;
  kvnr: string;
  birth_date: string;
  initials: string | null;
  year: number;
  program: 'adult' | 'child';
  legacy: number;
  source: 'station' | 'service';
  issued_at: string;
  at_service: string | null;
}

// Same alphabet as the QR payload (qr-payload.ts): no I and O, which read as 1 and 0.
const idAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const idLength = 10;

/** A fresh random booklet id (34^10 ≈ 2·10^15 ids: collisions between stations are not a practical concern; the service refuses one anyway). */
export function newBookletId(): string {
  let id = '';
  for (let i = 0; i < idLength; i++) id += idAlphabet[randomInt(idAlphabet.length)];
  return id;
}

function toMember(row: LinkRow): BookletMember {
  return {
    bookletId: row.booklet_id,
    kvnr: row.kvnr,
    memberRef: row.member_ref,
    birthDate: row.birth_date,
    initials: row.initials,
    year: row.year,
    program: row.program,
    legacy: row.legacy === 1,
    source: row.source,
  };
}

export function linkView(row: Pick<LinkRow, 'booklet_id' | 'year' | 'program' | 'legacy' | 'issued_at' | 'at_service'>): BookletLinkView {
  return { bookletId: row.booklet_id, year: row.year, program: row.program, legacy: row.legacy === 1, issuedAt: row.issued_at, atService: row.at_service !== null };
}

/**
 * The member of a booklet as this station knows it, for the batch booking: null when the id
 * was never issued here nor pulled from the service (see BookletLinkSync.resolve for the
 * online lookup). Synchronous, so it can run inside the booking's transaction.
 */
export function memberForBooklet(db: Database, bookletId: string): BookletMember | null {
  const row = db.prepare('SELECT * FROM booklet_link WHERE booklet_id = ?').get(bookletId) as LinkRow | undefined;
  return row ? toMember(row) : null;
}

export interface NewLink {
  kvnr: string;
  birthDate: string;
  initials: string | null;
  year: number;
  program: 'adult' | 'child';
  legacy: boolean;
  issuedBy: string;
}

/** Links a new booklet id to the member. Retries the (practically impossible) local id collision. */
export function issueBooklet(db: Database, link: NewLink, now: Date): BookletLinkView {
  const insert = db.prepare(
    `INSERT INTO booklet_link (booklet_id, member_ref, kvnr, birth_date, initials, year, program, legacy, source, issued_at, issued_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'station', ?, ?) ON CONFLICT (booklet_id) DO NOTHING`,
  );
  const ref = memberRef(db, link.kvnr);
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = newBookletId();
    const info = insert.run(id, ref, link.kvnr, link.birthDate, link.initials, link.year, link.program, link.legacy ? 1 : 0, now.toISOString(), link.issuedBy);
    if (info.changes === 1) return linkView({ booklet_id: id, year: link.year, program: link.program, legacy: link.legacy ? 1 : 0, issued_at: now.toISOString(), at_service: null });
  }
  throw new Error('No free booklet id after five tries');
}

/** The booklets issued for a member (newest first), by the station's member reference. */
export function bookletsOfMember(db: Database, kvnr: string): BookletLinkView[] {
  const rows = db.prepare('SELECT * FROM booklet_link WHERE member_ref = ? ORDER BY issued_at DESC, booklet_id').all(memberRef(db, kvnr)) as LinkRow[];
  return rows.map(linkView);
}

export function bookletLink(db: Database, bookletId: string): (BookletMember & { view: BookletLinkView }) | null {
  const row = db.prepare('SELECT * FROM booklet_link WHERE booklet_id = ?').get(bookletId) as LinkRow | undefined;
  return row ? { ...toMember(row), view: linkView(row) } : null;
}

/** Links the service holds not yet: what BookletLinkSync sends. */
export function unsentLinks(db: Database, limit = 50): (BookletMember & { issuedAt: string })[] {
  const rows = db.prepare("SELECT * FROM booklet_link WHERE at_service IS NULL AND source = 'station' ORDER BY issued_at LIMIT ?").all(limit) as LinkRow[];
  return rows.map((row) => ({ ...toMember(row), issuedAt: row.issued_at }));
}

export function markAtService(db: Database, bookletId: string, now: Date): void {
  db.prepare('UPDATE booklet_link SET at_service = ? WHERE booklet_id = ? AND at_service IS NULL').run(now.toISOString(), bookletId);
}

/** A link issued at another station, as the service answered it: kept here so booking works offline next time. */
export function storeServiceLink(db: Database, record: BookletLinkRecord, now: Date): BookletMember {
  db.prepare(
    `INSERT INTO booklet_link (booklet_id, member_ref, kvnr, birth_date, initials, year, program, legacy, source, issued_at, issued_by, at_service)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 'service', ?, ?, ?) ON CONFLICT (booklet_id) DO NOTHING`,
  ).run(record.bookletId, memberRef(db, record.kvnr), record.kvnr, record.birthDate, record.year, record.program, record.legacy ? 1 : 0, record.issuedAt, `service:${record.stationId}`, now.toISOString());
  return memberForBooklet(db, record.bookletId)!;
}
