import type { Database } from '../../../service/db/database';
import type { Role } from '../../../service/backoffice/api';
import { createAccount } from '../../../service/backoffice/auth/accounts';
import { totpCode } from '../../../service/backoffice/auth/totp';

/**
 * A person at the back office, as a browser would be: one cookie jar, the session's CSRF token
 * sent on every changing request, and the authenticator app's current code at sign-in.
 */
export interface StaffAccount {
  id: string;
  password: string;
  totpSecret: string;
}

export async function staffAccount(db: Database, id: string, roles: Role[]): Promise<StaffAccount> {
  const password = `pw-${id}-correct-horse`;
  const { totpSecret } = await createAccount(db, { id, name: `Test ${id}`, roles, password });
  return { id, password, totpSecret };
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export class StaffBrowser {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(
    readonly base: string,
    readonly origin = base,
  ) {}

  async request(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...extra };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf && !('x-csrf-token' in extra)) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(new URL(path, this.base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      this.cookie = pair && !pair.endsWith('=') ? pair : null;
    }
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Signs in with the password and the authenticator's code for `at` (a later step than any used before). */
  async signIn(account: StaffAccount, at: Date, overrides: Partial<{ password: string; totp: string }> = {}): Promise<Answer> {
    const answer = await this.request('POST', '/bo/api/sign-in', { account: account.id, password: overrides.password ?? account.password, totp: overrides.totp ?? totpCode(account.totpSecret, at) });
    if (answer.status === 200) this.csrf = (answer.body as { csrfToken: string }).csrfToken;
    return answer;
  }
}

/**
 * A browser signed in as `account` at `url`, with the authenticator's code for `at`. Signing in again within the same 30 s would reuse a
 * TOTP code, which the service refuses (backoffice-auth.test.ts proves that); the tests forget the
 * step used instead of waiting for the next one.
 */
export async function signedInBrowser(db: Database, url: string, account: StaffAccount, at: Date = new Date()): Promise<StaffBrowser> {
  await db.query('UPDATE bo_accounts SET totp_last_step = 0 WHERE id = $1', [account.id]);
  const browser = new StaffBrowser(url);
  // The code of the service's moment: a test may run the service's clock ahead of the real one.
  const answer = await browser.signIn(account, at);
  if (answer.status !== 200) throw new Error(`sign-in of ${account.id} failed: ${JSON.stringify(answer.body)}`);
  return browser;
}
