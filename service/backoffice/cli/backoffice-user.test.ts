import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackofficeUser } from './backoffice-user';

describe('npm run service:backoffice-user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bo-user-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { SERVICE_DATA_DIR: join(dir, 'pglite') };

  it('adds an account with its TOTP key, lists it, refuses a weak password and a duplicate, and disables it', async () => {
    const out: string[] = [];
    await runBackofficeUser(['add', '--id', 'm.schmidt', '--name', 'Maria Schmidt', '--roles', 'reviewer,payout-officer'], env, () => 'ein-langes-passwort\n', (l) => out.push(l));
    expect(out[0]).toBe('Konto m.schmidt angelegt (reviewer, payout-officer).');
    expect(out[1]).toMatch(/^TOTP-Schlüssel für die Authenticator-App: [A-Z2-7]{32}$/);
    expect(out[2]).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await expect(runBackofficeUser(['add', '--id', 'k.kurz', '--name', 'Kurz', '--roles', 'reviewer'], env, () => 'kurz\n', () => undefined)).rejects.toThrow(/at least 10 characters/);
    await expect(runBackofficeUser(['add', '--id', 'm.schmidt', '--name', 'Maria', '--roles', 'reviewer'], env, () => 'ein-langes-passwort\n', () => undefined)).rejects.toThrow(/exists already/);
    await expect(runBackofficeUser(['add', '--id', 'x.y', '--name', 'X', '--roles', 'chef'], env, () => 'ein-langes-passwort\n', () => undefined)).rejects.toThrow();
    await runBackofficeUser(['disable', 'm.schmidt'], env, () => '', (l) => out.push(l));
    const listed: string[] = [];
    await runBackofficeUser(['list'], env, () => '', (l) => listed.push(l));
    expect(listed).toEqual(['m.schmidt  Maria Schmidt  reviewer,payout-officer  (deaktiviert)', '1 Konto/Konten']);
    // Each command opens the PGlite folder anew: slow on a loaded machine.
  }, 180_000);
});
