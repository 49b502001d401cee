import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/station-config';
import { KeyFileError } from '../../store/key-file';
import { AuditKeyMismatchError } from '../../store/audit-key';
import { WrongDatabaseKeyError } from '../../store/database';
import { databaseFileName } from '../../station/station-options';
import { configView, diagnostics } from '../../station/station-handlers';
import type { ConfigView } from '../../contract';
import { existsSync } from 'node:fs';
import { exitCode, type CliCommand } from '../command';
import { openStationStore, resolveConfig } from '../../station/station-context';
import { runtimeVersions } from '../../station/versions';
import { join } from 'node:path';

export const diagnosticsCommand: CliCommand = {
  name: 'diagnostics',
  summary: 'Show the configuration, the database state and the runtime versions',
  usage: 'station diagnostics [--config FILE] [--json]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { config: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    try {
      const loaded = resolveConfig(values.config, io.env);
      const dbPath = join(loaded.dataDir, databaseFileName);
      if (!existsSync(dbPath)) {
        // Diagnostics only looks: it does not create a database or a key.
        const view = configView(loaded);
        if (values.json) io.stdout(`${JSON.stringify({ config: view, database: null, versions: runtimeVersions(), dataDir: loaded.dataDir }, null, 2)}\n`);
        else io.stdout(`${describeConfig(view)}Database: ${dbPath}\n  not created yet (the station creates it on first start)\n${describeVersions(runtimeVersions())}`);
        return exitCode.ok;
      }
      const store = openStationStore(loaded, io.env, { create: false });
      try {
        const report = diagnostics({ loaded, store, versions: runtimeVersions(), startedAt: Date.now() });
        const { uptimeSeconds: _uptime, ...shown } = report;
        if (values.json) {
          io.stdout(`${JSON.stringify({ ...shown, dataDir: loaded.dataDir }, null, 2)}\n`);
        } else {
          const db = report.database;
          const audit = report.auditLog.brokenAt === null ? `intact, ${report.auditLog.entries} entries` : `BROKEN from entry ${report.auditLog.brokenAt}: sync stays stopped`;
          io.stdout(
            `${describeConfig(report.config)}Database: ${dbPath}\n  encrypted, schema ${db.schemaVersion}/${db.latestSchemaVersion}, journal ${db.journalMode}, ${db.sizeBytes} bytes\n  audit log ${audit}\n${describeVersions(report.versions)}`,
          );
        }
      } finally {
        store.close();
      }
      return exitCode.ok;
    } catch (error) {
      if (error instanceof ConfigError || error instanceof KeyFileError || error instanceof WrongDatabaseKeyError || error instanceof AuditKeyMismatchError) {
        io.stderr(`${error.message}\n`);
        return exitCode.failure;
      }
      throw error;
    }
  },
};

function describeConfig(view: ConfigView): string {
  const v = view.values;
  return [
    `Configuration: ${view.source}`,
    `  mode ${v.mode}, station ${v.stationId}, branch ${v.branch}, language ${v.language}`,
    `  central service: ${v.serviceUrl ?? 'none (sync disabled)'}${v.servicePinned ? ' (certificate pinned)' : ''}`,
    `  retention ${v.retentionDays} days, kiosk inactivity ${v.inactivityTimeoutSeconds} s`,
    '',
  ].join('\n');
}

function describeVersions(versions: Record<string, string>): string {
  return `Versions: ${Object.entries(versions).map(([k, val]) => `${k} ${val}`).join(', ')}\n`;
}
