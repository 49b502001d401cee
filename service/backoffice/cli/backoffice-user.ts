import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase } from '../../db/database';
import { migrate } from '../../db/migrate';
import { serviceConfig } from '../../config';
import { AccountId, Role } from '../api';
import { createAccount, setDisabled } from '../auth/accounts';
import { totpUri } from '../auth/totp';

/**
 * `npm run service:backoffice-user -- <command>`: back-office accounts, on the database the service
 * uses with the same environment (DATABASE_URL, or the data directory SERVICE_DATA_DIR, default
 * ~/.local/share/bonus-service — stop the service first there: PGlite has one user at a time).
 *   add --id m.schmidt --name "Maria Schmidt" --roles reviewer[,payout-officer,station-admin]
 *       the password comes from standard input (one line); prints the TOTP key for the authenticator app
 *   import  accounts as JSON on standard input, [{ "id", "name", "roles": [...], "password" }, …], in one run
 *   list | disable <id> | enable <id>
 */
const usage = 'usage: backoffice-user add --id ID --name NAME --roles reviewer,payout-officer,station-admin  (password on stdin) | import (JSON on stdin) | list | disable ID | enable ID';

const ImportedAccount = z.object({ id: AccountId, name: z.string().trim().min(1).max(100), roles: z.array(Role).min(1), password: z.string() }).strict();

export async function runBackofficeUser(argv: string[], env: NodeJS.ProcessEnv, readInput: () => string, out: (line: string) => void): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { id: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' } } });
  const [command, target] = positionals;
  // The service's own configuration (service/config.ts): the same database `npm run service` uses.
  const config = serviceConfig(env, []);
  const db = await openDatabase(config.database.kind === 'postgres' ? { databaseUrl: config.database.url } : config.database.dir ? { pgliteDir: config.database.dir } : {});
  try {
    await migrate(db);
    switch (command) {
      case 'add': {
        const id = AccountId.parse(values.id);
        const name = z.string().trim().min(1).max(100).parse(values.name);
        const roles = z.array(Role).min(1).parse((values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean));
        const { totpSecret } = await createAccount(db, { id, name, roles, password: readInput().split('\n')[0] ?? '' });
        out(`Konto ${id} angelegt (${roles.join(', ')}).`);
        out(`TOTP-Schlüssel für die Authenticator-App: ${totpSecret}`);
        out(totpUri(totpSecret, id));
        return;
      }
      case 'import': {
        // One database open for several accounts (PGlite takes a while to open).
        for (const account of z.array(ImportedAccount).min(1).max(100).parse(JSON.parse(readInput()))) {
          const { totpSecret } = await createAccount(db, account);
          out(`Konto ${account.id} angelegt (${account.roles.join(', ')}). TOTP-Schlüssel für die Authenticator-App: ${totpSecret}`);
        }
        return;
      }
      case 'list': {
        const rows = (await db.query<{ id: string; name: string; roles: string[]; disabled_at: Date | null }>('SELECT id, name, roles, disabled_at FROM bo_accounts ORDER BY id')).rows;
        for (const r of rows) out(`${r.id}  ${r.name}  ${r.roles.join(',')}${r.disabled_at ? '  (deaktiviert)' : ''}`);
        out(`${rows.length} Konto/Konten`);
        return;
      }
      case 'disable':
      case 'enable': {
        const id = AccountId.parse(target);
        if (!(await setDisabled(db, id, command === 'disable', new Date()))) throw new Error(`No account ${id}`);
        out(`Konto ${id} ${command === 'disable' ? 'deaktiviert (alle Sitzungen beendet)' : 'aktiviert'}.`);
        return;
      }
      default:
        throw new Error(usage);
    }
  } finally {
    await db.close();
  }
}

if (process.argv[1] && /backoffice-user\.ts$/.test(process.argv[1])) {
  runBackofficeUser(process.argv.slice(2), process.env, () => readFileSync(0, 'utf8'), (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
