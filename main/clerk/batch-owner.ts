import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DeclarationStore } from '../kiosk/declarations';
import type { BookletOwner } from './batch-view';

/**
 * The member a booklet id is linked to, from the booklet register (`booklet_link`, migration
 * 10, kept by the clerk's booklet module), with the participation declarations this station
 * knows for that member.
 */
export function bookletOwnerFromRegister(db: Database): (bookletId: string) => BookletOwner | null {
  const link = db.prepare('SELECT member_ref, kvnr, birth_date, initials FROM booklet_link WHERE booklet_id = ?');
  const declarations = new DeclarationStore(db);
  return (bookletId) => {
    const row = link.get(bookletId) as { member_ref: string; kvnr: string; birth_date: string; initials: string | null } | undefined;
    if (!row) return null;
    return { kvnr: row.kvnr, birthDate: row.birth_date, initials: row.initials, declarations: declarations.forMember(row.member_ref) };
  };
}
