import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DeclarationStore } from '../store/declarations';
import { memberForBooklet } from './booklets';
import type { BookletOwner } from './batch-view';

/**
 * The member a booklet id belongs to, from the booklet register (booklets.ts: issued at this
 * station or pulled from the service), with the participation declarations this station
 * knows for that member, for the rules engine's verdict.
 */
export function bookletOwnerFromRegister(db: Database): (bookletId: string) => BookletOwner | null {
  const declarations = new DeclarationStore(db);
  return (bookletId) => {
    const member = memberForBooklet(db, bookletId);
    if (!member) return null;
    return { kvnr: member.kvnr, birthDate: member.birthDate, initials: member.initials, declarations: declarations.forMember(member.memberRef), year: member.year, program: member.program };
  };
}
