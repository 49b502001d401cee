import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { parseStationConfig, type StationConfigInput } from '../../main/config/station-config';
import type { StationMode } from '../../main/contract';
import type { StaffRole } from '../../main/contract/staff';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { StaffService } from '../../main/staff/staff-service';
import type { StationOptions } from '../../main/station/station-options';

/** What an in-process station of this configuration is built from: fresh keys, the data folder given, a log kept in memory. */
export function testStationOptions(config: StationConfigInput, dataDir: string): StationOptions {
  return {
    loaded: { config: parseStationConfig(config, 'test'), source: 'test', dataDir },
    dbKey: randomBytes(32),
    auditKey: randomBytes(32),
    transport: 'loopback',
    log: createLogger('test', memorySink()),
    versions: {},
    appVersion: '0.0.0',
  };
}

/** As `station staff add` does: an account written to the station's database. */
export async function addStaffAccount(db: Database, mode: StationMode, account: { staffId: string; displayName: string; role: StaffRole; password: string }): Promise<void> {
  const log = createLogger('staff-cli', memorySink());
  await new StaffService({ db, mode, events: new EventHub(log), log, inactivitySeconds: 300, maxFailedAttempts: 5, lockMinutes: 15 }).createAccount(account, 'cli');
}
