import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The loopback host's sessions (docs/security.md, "Another local OS user"). The launcher gets a
 * one-time launch code over a private pipe and hands it to the browser; the browser trades it
 * once for a session cookie. Neither the code nor the cookie is ever printed, logged or put on
 * a command line, and a code is worth nothing once used or after a minute.
 *
 * One UI session per station: a new exchange takes over, the previous session's cookie stops
 * working and its connections are closed (the launcher only mints a code when it opens a browser,
 * so a takeover is a restarted kiosk browser, or an attack that the closed screen makes visible).
 */
export const sessionCookieName = 'bonus_station_session';

export interface LaunchCodeOptions {
  ttlMs?: number;
  now?: () => number;
}

const maxOutstandingCodes = 4;

export class LaunchCodes {
  // Keyed by the code's hash: a lookup's timing says nothing about a stored code.
  private readonly codes = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: LaunchCodeOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  mint(): string {
    const code = randomBytes(32).toString('base64url');
    this.codes.set(digest(code), this.now() + this.ttlMs);
    // Only the newest few are kept: a launcher asking again and again cannot pile them up.
    while (this.codes.size > maxOutstandingCodes) this.codes.delete(this.codes.keys().next().value as string);
    return code;
  }

  /** True once for a code minted here and not yet expired; the code is spent either way. */
  redeem(code: string): boolean {
    const key = digest(code);
    const expires = this.codes.get(key);
    this.codes.delete(key);
    return expires !== undefined && this.now() <= expires;
  }
}

export class UiSessions {
  private secret: Buffer | null = null;
  /** Counts sessions: a connection opened under an earlier one is dropped even if it still sends. */
  generation = 0;

  /** Starts a new session (ending the previous one) and returns the cookie value for it. */
  begin(): string {
    const value = randomBytes(32).toString('base64url');
    this.secret = Buffer.from(value);
    this.generation += 1;
    return value;
  }

  /** Whether the request's Cookie header carries the active session. */
  matches(cookieHeader: string | undefined): boolean {
    if (!this.secret) return false;
    const presented = readCookie(cookieHeader, sessionCookieName);
    if (presented === null) return false;
    const a = Buffer.from(presented);
    return a.length === this.secret.length && timingSafeEqual(a, this.secret);
  }

  end(): void {
    this.secret = null;
    this.generation += 1;
  }
}

export function sessionCookie(value: string): string {
  // HttpOnly: no script of the page reads it; SameSite=Strict: no other site's page sends it.
  return `${sessionCookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`;
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function digest(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
