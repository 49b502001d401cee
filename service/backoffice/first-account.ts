import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { roles } from './api';
import { createAccount } from './auth/accounts';
import { totpUri } from './auth/totp';

/**
 * A service with no back-office account yet (a fresh `npm run service`) creates one first
 * account, `admin`, with every role, and says once how to sign in: its random password and the
 * TOTP key for the authenticator app. With a database kept on disk the newcomer then creates
 * personal accounts (`npm run service:backoffice-user add`) and disables this one.
 */
export async function ensureFirstAccount(db: Database): Promise<string[] | null> {
  const any = (await db.query('SELECT 1 FROM bo_accounts LIMIT 1')).rowCount > 0;
  if (any) return null;
  const password = randomBytes(18).toString('base64url');
  const { totpSecret } = await createAccount(db, { id: 'admin', name: 'Erstes Konto', roles: [...roles], password });
  return [
    'Back office: first account "admin" (all roles) created for this database.',
    `  password: ${password}`,
    `  TOTP key for the authenticator app: ${totpSecret}  (${totpUri(totpSecret, 'admin')})`,
    '  Create personal accounts with `npm run service:backoffice-user -- add` and disable this one.',
  ];
}
