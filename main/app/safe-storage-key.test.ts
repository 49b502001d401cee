import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronStandIn } from '../../test/support/electron-stand-in';
import { useTempDir } from '../../test/support/temp-dir';

// Electron's binary cannot be installed here: safeStorage is the named stand-in.
vi.mock('electron', async () => (await import('../../test/support/electron-stand-in')).electronStandIn.module);
const tempDir = useTempDir();

describe('the database key in the Electron app', () => {
  beforeEach(() => {
    electronStandIn.reset();
    vi.resetModules();
  });

  it('creates a key on first start, stores it only encrypted, and reads it back', async () => {
    const { loadSafeStorageKey } = await import('./safe-storage-key');
    const file = join(tempDir(), 'station.key.enc');
    const key = loadSafeStorageKey(file, false);
    expect(key).toHaveLength(32);
    expect(readFileSync(file).toString('latin1')).not.toContain(key.toString('hex'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSafeStorageKey(file, true).equals(key)).toBe(true);
  });

  it('never makes a new key for an existing database', async () => {
    const { loadSafeStorageKey } = await import('./safe-storage-key');
    const file = join(tempDir(), 'station.key.enc');
    expect(() => loadSafeStorageKey(file, true)).toThrow(/missing but a station database exists/);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses to store health data when the OS offers no protected key storage', async () => {
    const { loadSafeStorageKey } = await import('./safe-storage-key');
    electronStandIn.storage.available = false;
    expect(() => loadSafeStorageKey(join(tempDir(), 'k'), false)).toThrow(/no secure storage/);
    electronStandIn.storage.available = true;
    electronStandIn.storage.backend = 'basic_text';
    if (process.platform === 'linux') expect(() => loadSafeStorageKey(join(tempDir(), 'k'), false)).toThrow(/No keyring/);
  });

  it('keeps the audit key apart, stored the same way, and never makes it anew for a chained log', async () => {
    const { loadSafeStorageAuditKey, loadSafeStorageKey } = await import('./safe-storage-key');
    const dir = tempDir();
    const dbKey = loadSafeStorageKey(join(dir, 'station.key.enc'), false);
    const auditKey = loadSafeStorageAuditKey(join(dir, 'audit.key.enc'), false);
    expect(auditKey.equals(dbKey)).toBe(false);
    expect(readFileSync(join(dir, 'audit.key.enc')).toString('latin1')).not.toContain(auditKey.toString('hex'));
    expect(loadSafeStorageAuditKey(join(dir, 'audit.key.enc'), true).equals(auditKey)).toBe(true);
    expect(() => loadSafeStorageAuditKey(join(dir, 'gone.enc'), true)).toThrow(/audit log is chained with it/);
  });
});
