import { Secret, TOTP } from 'otpauth';

/**
 * The back office's second factor: TOTP (RFC 6238) with the otpauth library, as every
 * authenticator app speaks it: SHA-1, six digits, 30-second steps. A code is accepted in the
 * step before, the current and the next one (clock drift of the phone), and only for a step
 * after the last one used (RFC 6238 §5.2: a code is good once) — the caller records that step
 * atomically with the sign-in.
 */
const period = 30;

function totpFor(secretBase32: string, label = 'staff'): TOTP {
  return new TOTP({ issuer: 'Bonus ABC Backoffice', label, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The key URI an authenticator app reads (as a QR code or typed in). */
export function totpUri(secretBase32: string, accountId: string): string {
  return totpFor(secretBase32, accountId).toString();
}

/** The time step a code belongs to, or null when it matches none within one step of `now`. */
export function totpStep(secretBase32: string, code: string, now: Date): number | null {
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period, timestamp: now.getTime() }) + delta;
}

/** The current code (for the CLI's check and for tests, which play the authenticator app). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}
