import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type StationMode } from '../contract';
import type { SignInResult, StaffRole, StaffSessionView } from '../contract/staff';
import { StaffId } from '../contract/staff';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import { appendAudit } from '../store/audit-log';
import type { StationService } from '../runtime/service';
import { hashPassword, passwordProblem, verifyPassword } from './password-hash';
import { StaffAccounts } from './staff-accounts';

export interface StaffServiceOptions {
  db: Database;
  mode: StationMode;
  events: EventHub;
  log: Logger;
  /** A signed-in session ends after this long without activity. */
  inactivitySeconds: number;
  maxFailedAttempts?: number;
  lockMinutes?: number;
  now?: () => Date;
}

/**
 * Which roles may sign in at which kind of station. At a kiosk only the station admin, for the
 * station info (docs/kiosk-staff-access.md); never while a member's session runs there.
 */
const rolesByMode: Record<StationMode, readonly StaffRole[]> = {
  kiosk: ['admin'],
  clerk: ['clerk', 'admin'],
  field: ['field', 'admin'],
};

// Verifying against this keeps the answer time of an unknown id close to that of a wrong password.
const dummyHash = hashPassword('not-a-real-account-password');

export class StaffInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'StaffInputError';
  }
}

interface Session extends StaffSessionView {
  lastActivity: number;
}

/**
 * Local staff accounts and the one signed-in session of this station. Works offline; every
 * sign-in, failure, lock, sign-out and expiry goes to the audit log with the staff id.
 */
export class StaffService implements StationService {
  readonly name = 'staff';
  private readonly accounts: StaffAccounts;
  private session: Session | null = null;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;
  /** At a kiosk: a member's card session runs (any stage but idle). */
  private memberPresent = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: StaffServiceOptions) {
    this.accounts = new StaffAccounts(options.db);
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.publish(null);
    if (this.options.mode !== 'kiosk') return;
    // A member's card ends a staff session at the kiosk at once: the two never share the screen.
    this.unsubscribe = this.options.events.subscribeInternal((name, payload) => {
      if (name !== 'kioskState') return;
      this.memberPresent = (payload as { stage: string }).stage !== 'idle';
      if (this.memberPresent && this.session) this.end('signed-out');
    });
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.session) this.end('signed-out');
    clearTimeout(this.expiryTimer);
  }

  get availableHere(): boolean {
    return rolesByMode[this.options.mode].length > 0;
  }

  /** Creates an account. `actor` is "cli" (whoever holds the station's database key) or a signed-in admin. */
  async createAccount(input: { staffId: string; displayName: string; role: StaffRole; password: string }, actor: string): Promise<void> {
    const id = StaffId.safeParse(input.staffId);
    if (!id.success) throw new StaffInputError('staffId', id.error.issues[0]?.message ?? 'invalid');
    const name = input.displayName.trim();
    if (name.length < 2 || name.length > 80) throw new StaffInputError('displayName', '2 to 80 characters');
    const problem = passwordProblem(input.password);
    if (problem) throw new StaffInputError('password', problem);
    if (this.accounts.find(id.data)) throw new StaffInputError('staffId', 'an account with this id exists');
    const passwordHash = await hashPassword(input.password);
    const at = this.now().toISOString();
    this.options.db.transaction(() => {
      this.accounts.insert({ staffId: id.data, displayName: name, role: input.role, passwordHash, createdAt: at, createdBy: actor });
      appendAudit(this.options.db, { actor, action: 'staff.account.create', subject: `staff:${id.data}`, detail: `role=${input.role}` }, this.now());
    })();
  }

  listAccounts() {
    return this.accounts.list();
  }

  /**
   * Signs a staff member in. The attempt is counted before the password is checked; a wrong
   * password is answered "invalid" whether the account is active, locked, disabled or unknown,
   * and a locked account's password is not checked at all (a check would tell a guesser when a
   * guess is right, lock or not). Only the right password learns "disabled" or "role".
   */
  async signIn(staffId: string, password: string): Promise<SignInResult> {
    if (!this.availableHere) throw new ContractError('forbidden', `No staff sign-in at a ${this.options.mode} station`);
    if (this.memberPresent) throw new ContractError('conflict', 'A member session runs at this kiosk')
    const now = this.now();
    const limit = this.options.maxFailedAttempts ?? 5;
    const attempt = this.accounts.beginAttempt(staffId.trim().toLowerCase(), now.toISOString(), limit);
    if (!attempt || !attempt.admitted) {
      // The same work as a real check, so that the answer's timing tells nothing either.
      await verifyPassword(password, await dummyHash);
      if (!attempt) this.audit('anonymous', 'staff.signin.failed', undefined, 'unknown id');
      else this.audit(`staff:${attempt.account.staffId}`, 'staff.signin.failed', `staff:${attempt.account.staffId}`, 'locked');
      return { ok: false, reason: 'invalid' };
    }
    const { account } = attempt;
    const subject = `staff:${account.staffId}`;
    if (!(await verifyPassword(password, account.passwordHash))) {
      const until = new Date(now.getTime() + (this.options.lockMinutes ?? 15) * 60_000).toISOString();
      if (this.accounts.lockIfExhausted(account.staffId, limit, until)) this.audit(subject, 'staff.locked', subject, `after ${limit} failed attempts`);
      else this.audit(subject, 'staff.signin.failed', subject, account.disabledAt ? 'wrong password, disabled' : 'wrong password');
      return { ok: false, reason: 'invalid' };
    }
    this.accounts.setFailures(account.staffId, 0, null);
    if (account.disabledAt) {
      this.audit(subject, 'staff.signin.failed', subject, 'disabled');
      return { ok: false, reason: 'disabled' };
    }
    if (!rolesByMode[this.options.mode].includes(account.role)) {
      this.audit(subject, 'staff.signin.failed', subject, `role ${account.role} not for ${this.options.mode}`);
      return { ok: false, reason: 'role' };
    }
    if (this.session) this.end('signed-out');
    this.session = {
      staffId: account.staffId,
      displayName: account.displayName,
      role: account.role,
      signedInAt: now.toISOString(),
      expiresAt: '',
      lastActivity: now.getTime(),
    };
    this.audit(subject, 'staff.signin', subject);
    const view = this.refresh();
    return { ok: true, session: view! };
  }

  signOut(): boolean {
    if (!this.current()) return false;
    this.end('signed-out');
    return true;
  }

  /** The signed-in session, or null; an inactive session is ended on the spot. */
  current(): StaffSessionView | null {
    if (!this.session) return null;
    if (this.now().getTime() - this.session.lastActivity >= this.options.inactivitySeconds * 1000) {
      this.end('expired');
      return null;
    }
    return this.view(this.session);
  }

  touch(): StaffSessionView | null {
    if (!this.current() || !this.session) return null;
    this.session.lastActivity = this.now().getTime();
    return this.refresh();
  }

  /** For handlers of staff functions: the session, or a forbidden error. */
  require(...roles: StaffRole[]): StaffSessionView {
    const session = this.current();
    if (!session) throw new ContractError('forbidden', 'Staff sign-in required');
    if (roles.length > 0 && !roles.includes(session.role)) throw new ContractError('forbidden', `Role ${session.role} may not do this`);
    return session;
  }

  private refresh(): StaffSessionView | null {
    if (!this.session) return null;
    const view = this.view(this.session);
    this.publish(view);
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => this.current(), this.options.inactivitySeconds * 1000 + 50);
    this.expiryTimer.unref();
    return view;
  }

  private end(reason: 'signed-out' | 'expired'): void {
    const ended = this.session;
    this.session = null;
    clearTimeout(this.expiryTimer);
    if (!ended) return;
    const subject = `staff:${ended.staffId}`;
    this.audit(subject, reason === 'expired' ? 'staff.session.expired' : 'staff.signout', subject);
    this.options.events.publish('staffSession', { state: 'signed-out', session: null, reason });
  }

  private view(session: Session): StaffSessionView {
    const { lastActivity, ...rest } = session;
    return { ...rest, expiresAt: new Date(lastActivity + this.options.inactivitySeconds * 1000).toISOString() };
  }

  private publish(view: StaffSessionView | null): void {
    this.options.events.publish('staffSession', view ? { state: 'signed-in', session: view } : { state: 'signed-out', session: null });
  }

  private audit(actor: string, action: string, subject?: string, detail?: string): void {
    appendAudit(this.options.db, { actor, action, ...(subject ? { subject } : {}), ...(detail ? { detail } : {}) }, this.now());
    this.options.log.info(action, { station: this.options.mode });
  }
}
