import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { ensureStationKey, loadIdentity } from './identity';

describe("the station's signing key", () => {
  let dir: string;
  let store: StationDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'identity-'));
    store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created once and kept, so an interrupted enrollment retries with the same key', () => {
    expect(loadIdentity(store.db)).toBeNull();
    const first = ensureStationKey(store.db, 'kiosk-1');
    const again = ensureStationKey(store.db, 'kiosk-1');
    expect(again.publicKeyBase64).toBe(first.publicKeyBase64);
    expect(first.enrolledAt).toBeNull();
    expect(() => ensureStationKey(store.db, 'kiosk-2')).toThrow(/holds the key of station kiosk-1/);
  });
});
