import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Failed second-factor attempts per card holder, kept across sessions so that re-inserting the card does not reset them. */
export class IdentityLocks {
  constructor(private readonly db: Database) {}

  get(memberRef: string): { failedAttempts: number; lockedUntil: string | null } {
    const row = this.db.prepare('SELECT failed_attempts AS failedAttempts, locked_until AS lockedUntil FROM kiosk_identity_lock WHERE member_ref = ?').get(memberRef) as
      | { failedAttempts: number; lockedUntil: string | null }
      | undefined;
    return row ?? { failedAttempts: 0, lockedUntil: null };
  }

  set(memberRef: string, failedAttempts: number, lockedUntil: string | null): void {
    this.db
      .prepare(
        `INSERT INTO kiosk_identity_lock (member_ref, failed_attempts, locked_until) VALUES (?, ?, ?)
         ON CONFLICT (member_ref) DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until`,
      )
      .run(memberRef, failedAttempts, lockedUntil);
  }

  clear(memberRef: string): void {
    this.db.prepare('DELETE FROM kiosk_identity_lock WHERE member_ref = ?').run(memberRef);
  }
}
