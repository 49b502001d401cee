import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, resolveDatabaseKey } from '../../main/station/station-context';
import { useTempDir } from '../support/temp-dir';

/**
 * Hole 3 (the kiosk browser's user must not read the station's data): a data folder that an
 * administrator created by hand with the usual 0755, or that a backup restored open, let every
 * local user (the kiosk browser's included) list the database, the evidence images and a key
 * file beside them. The station closes a data folder of its own to 0700 at every start; the
 * browser-user side is h03-kiosk-browser.spec.ts.
 */
const tempDir = useTempDir('h03-');

describe('hole 3: the station closes its data folder', () => {
  it('an existing data folder open to others is closed to 0700 at start; the key file it creates is 0600', () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const loaded = resolveConfig(undefined, { BONUS_STATION_DATA_DIR: dataDir });
    expect(resolveDatabaseKey(loaded, {}).source).toBe('new key file');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'station.key')).mode & 0o777).toBe(0o600);
  });

  it('a new data folder is created 0700', () => {
    const dataDir = join(tempDir(), 'new', 'data');
    resolveDatabaseKey(resolveConfig(undefined, { BONUS_STATION_DATA_DIR: dataDir }), {});
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
