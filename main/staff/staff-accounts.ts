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

  disable(staffId: string, at: string): boolean {
    return this.db.prepare('UPDATE staff_account SET disabled_at = ? WHERE staff_id = ? AND disabled_at IS NULL').run(at, staffId).changes === 1;
  }
}
