import type { LoadedConfig } from '../config/load';
import type { Dispatch } from '../runtime/dispatcher';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import type { AuditKeySource } from '../store/audit-key';
import type { StationDatabase } from '../store/database';

/** What an entry point (Electron, the loopback host) hands the composition root. */
export interface StationOptions {
  loaded: LoadedConfig;
  dbKey: Buffer;
  /** The audit log's chain key, held apart from the database key (key file, or the OS key store in Electron). */
  auditKey: AuditKeySource;
  transport: 'electron' | 'loopback';
  log: Logger;
  versions: Record<string, string>;
  appVersion: string;
}

export interface Station {
  readonly dispatch: Dispatch;
  readonly events: EventHub;
  readonly store: StationDatabase;
  readonly loaded: LoadedConfig;
  /** A new UI session began (loopback host): a staff sign-in of the previous one must not carry over. */
  endStaffSession(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The station's encrypted database inside its data folder. */
export const databaseFileName = 'station.db';

