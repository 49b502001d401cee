import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { formatPasswordHash, parsePasswordHash, passwordHashMaxmem, passwordHashParams } from '../contract/password-hash';

export { passwordProblem } from '../contract/password-hash';

/** Staff passwords as scrypt hashes in the format of main/contract/password-hash.ts (shared with the service's back office). */
function derive(password: string, salt: Buffer, options: ScryptOptions & { keylen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, options.keylen, { N: options.N, r: options.r, p: options.p, maxmem: passwordHashMaxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen, saltBytes } = passwordHashParams;
  const salt = randomBytes(saltBytes);
  const hash = await derive(password, salt, { N, r, p, keylen });
  return formatPasswordHash({ N, r, p, saltBase64: salt.toString('base64'), hashBase64: hash.toString('base64') });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hashBase64, 'base64');
  const actual = await derive(password, Buffer.from(parsed.saltBase64, 'base64'), { N: parsed.N, r: parsed.r, p: parsed.p, keylen: expected.length });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
