import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StaffRole } from '../contract/staff';

export interface StaffAccount {
  staffId: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  failedAttempts: number;
  lockedUntil: string | null;
}

const columns = `staff_id AS staffId, display_name AS displayName, role, password_hash AS passwordHash, created_at AS createdAt,
  created_by AS createdBy, disabled_at AS disabledAt, failed_attempts AS failedAttempts, locked_until AS lockedUntil`;

/** The staff_account table behind a small typed interface. */
export class StaffAccounts {
  constructor(private readonly db: Database) {}

  find(staffId: string): StaffAccount | undefined {
    return this.db.prepare(`SELECT ${columns} FROM staff_account WHERE staff_id = ?`).get(staffId) as StaffAccount | undefined;
  }

  list(): Omit<StaffAccount, 'passwordHash'>[] {
    return (this.db.prepare(`SELECT ${columns} FROM staff_account ORDER BY staff_id`).all() as StaffAccount[]).map(({ passwordHash: _hash, ...rest }) => rest);
  }

  insert(account: Pick<StaffAccount, 'staffId' | 'displayName' | 'role' | 'passwordHash' | 'createdAt' | 'createdBy'>): void {
    this.db
      .prepare('INSERT INTO staff_account (staff_id, display_name, role, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(account.staffId, account.displayName, account.role, account.passwordHash, account.createdAt, account.createdBy);
  }

  setFailures(staffId: string, failedAttempts: number, lockedUntil: string | null): void {
    this.db.prepare('UPDATE staff_account SET failed_attempts = ?, locked_until = ? WHERE staff_id = ?').run(failedAttempts, lockedUntil, staffId);
  }

  /**
   * Counts a sign-in attempt before its password is checked, in one transaction: parallel
   * attempts each get their own number, so a burst cannot slip past the limit while the slow
   * password checks run. Answers "locked" (nothing counted) while a lock lasts or when the limit
   * is already taken by attempts still being checked; an ended lock starts the count anew.
   */
  beginAttempt(staffId: string, now: string, limit: number): { account: StaffAccount; admitted: boolean } | undefined {
    return this.db.transaction(() => {
      const account = this.find(staffId);
      if (!account) return undefined;
      if (account.lockedUntil !== null && account.lockedUntil > now) return { account, admitted: false };
      const attempts = (account.lockedUntil !== null ? 0 : account.failedAttempts) + 1;
      if (attempts > limit) return { account, admitted: false };
      this.setFailures(account.staffId, attempts, null);
      return { account, admitted: true };
    }).immediate();
  }

  /** After a wrong password: locks the account once the counted attempts reached the limit. Returns whether it locked now. */
  lockIfExhausted(staffId: string, limit: number, until: string): boolean {
    return this.db.transaction(() => {
      const account = this.find(staffId);
      if (!account || account.lockedUntil !== null || account.failedAttempts < limit) return false;
      this.setFailures(staffId, 0, until);
      return true;
    }).immediate();
  }

  disable(staffId: string, at: string): boolean {
    return this.db.prepare('UPDATE staff_account SET disabled_at = ? WHERE staff_id = ? AND disabled_at IS NULL').run(at, staffId).changes === 1;
  }
}
