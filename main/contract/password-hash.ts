/**
 * How staff passwords are stored, on a station (main/staff) and in the service's back office
 * (service/backoffice): scrypt with a per-account salt, in a self-describing string so that the
 * parameters can be raised later without breaking existing accounts:
 * `scrypt$N$r$p$salt(base64)$hash(base64)`. Pure: each side derives the key with its own
 * node:crypto; this file holds the format, the parameters and the policy, once.
 */
export const passwordHashParams = { N: 2 ** 15, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;
/** scrypt's memory ceiling for N up to 2^20. */
export const passwordHashMaxmem = 64 * 1024 * 1024;

export interface StoredPasswordHash {
  N: number;
  r: number;
  p: number;
  saltBase64: string;
  hashBase64: string;
}

export function formatPasswordHash(hash: StoredPasswordHash): string {
  return ['scrypt', hash.N, hash.r, hash.p, hash.saltBase64, hash.hashBase64].join('$');
}

/** The parts of a stored hash, or null for anything that is not one (never a reason to skip the check). */
export function parsePasswordHash(stored: string): StoredPasswordHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return null;
  return { N, r, p, saltBase64: parts[4] as string, hashBase64: parts[5] as string };
}

/** A password policy a clerk can live with: long rather than complicated. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'at least 10 characters';
  if (password.length > 200) return 'at most 200 characters';
  if (new Set(password).size < 4) return 'too few different characters';
  return null;
}
