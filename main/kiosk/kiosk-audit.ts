import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Logger } from '../runtime/logger';
import { appendAudit } from '../store/audit-log';

/** An audit row about the member at the kiosk: the member's pseudonym, shortened, never a name or KVNR. */
export type MemberAudit = (action: string, memberRef: string, detail?: string) => void;

export function memberAudit(db: Database, log: Logger, now: () => Date): MemberAudit {
  return (action, memberRef, detail) => {
    appendAudit(db, { actor: 'member', action, subject: `member:${memberRef.slice(0, 16)}`, ...(detail ? { detail } : {}) }, now());
    log.info(action);
  };
}
