import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { formatPasswordHash, parsePasswordHash, passwordHashMaxmem, passwordHashParams } from '../../../main/contract/password-hash';

export { passwordProblem } from '../../../main/contract/password-hash';

/**
 * Back-office passwords are hashed as staff passwords on a station: the format, parameters and
 * policy are the shared main/contract/password-hash.ts; only the key derivation with node:crypto
 * is here, because the service may import nothing of main/ but the pure contract and domain.
 */
function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, p.keylen, { N: p.N, r: p.r, p: p.p, maxmem: passwordHashMaxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen, saltBytes } = passwordHashParams;
  const salt = randomBytes(saltBytes);
  const hash = await derive(password, salt, { N, r, p, keylen });
  return formatPasswordHash({ N, r, p, saltBase64: salt.toString('base64'), hashBase64: hash.toString('base64') });
}

/** A hash of a random password: verified against when the account is unknown, so that takes as long as a wrong password. */
let dummy: Promise<string> | null = null;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parsePasswordHash(stored ?? (await (dummy ??= hashPassword(randomBytes(16).toString('hex')))));
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hashBase64, 'base64');
  const actual = await derive(password, Buffer.from(parsed.saltBase64, 'base64'), { N: parsed.N, r: parsed.r, p: parsed.p, keylen: expected.length });
  return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}
