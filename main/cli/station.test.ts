import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { openStationDatabase } from '../store/database';
import type { CliIo } from './command';
import { runCli } from './station';

const tempDir = useTempDir();

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', env, cwd: process.cwd() };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('the station CLI', () => {
  it('lists its commands and refuses unknown ones with a usage exit code', async () => {
    const help = await run(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toContain('diagnostics');
    const unknown = await run(['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command "frobnicate"');
  });

  it('reports configuration and versions without creating a database', async () => {
    const dataDir = tempDir();
    const result = await run(['diagnostics', '--json'], { BONUS_STATION_DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.config.source).toBe('embedded defaults');
    expect(report.database).toBeNull();
    expect(report.versions.node).toBe(process.versions.node);
    expect(existsSync(join(dataDir, 'station.db'))).toBe(false);
    expect(existsSync(join(dataDir, 'station.key'))).toBe(false);
  });

  it('reports the database schema of an existing station', async () => {
    const dataDir = tempDir();
    const key = randomBytes(32);
    const auditKey = randomBytes(32);
    openStationDatabase({ path: join(dataDir, 'station.db'), key, auditKey }).close();
    const env = { BONUS_STATION_DATA_DIR: dataDir, BONUS_STATION_DB_KEY: key.toString('hex') };
    const result = await run(['diagnostics'], { ...env, BONUS_STATION_AUDIT_KEY: auditKey.toString('hex') });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/encrypted, schema \d+\/\d+, journal wal/);
    // Another audit key than the one the log is chained with is a clear error, not a "broken" log.
    const wrong = await run(['diagnostics'], { ...env, BONUS_STATION_AUDIT_KEY: randomBytes(32).toString('hex') });
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/audit key does not belong to this station database/);
  });

  it('says clearly when the key does not fit the database', async () => {
    const dataDir = tempDir();
    openStationDatabase({ path: join(dataDir, 'station.db'), key: randomBytes(32) }).close();
    const result = await run(['diagnostics'], { BONUS_STATION_DATA_DIR: dataDir, BONUS_STATION_DB_KEY: randomBytes(32).toString('hex') });
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot be opened with this key');
  });

  it('stops on a broken configuration, naming the field', async () => {
    const dir = tempDir();
    const config = join(dir, 'station.config.json');
    writeFileSync(config, JSON.stringify({ mode: 'kisok' }));
    const result = await run(['diagnostics', '--config', config], { BONUS_STATION_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.err).toContain('mode: must be one of "kiosk", "clerk", "field"');
  });

  it('rejects unknown options with the usage', async () => {
    const result = await run(['diagnostics', '--bogus'], {});
    expect(result.code).toBe(2);
    expect(result.err).toContain('Usage: station diagnostics');
  });
});

describe('station staff', () => {
  it('adds an account with the password from stdin and lists it without the hash', async () => {
    const dataDir = tempDir();
    const env = { BONUS_STATION_DATA_DIR: dataDir, BONUS_STATION_DB_KEY: randomBytes(32).toString('hex') };
    let out = '';
    let err = '';
    const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => 'Sommer-Kaffee-42\n', env, cwd: process.cwd() };
    expect(await runCli(['staff', 'add', '--id', 'c.mueller', '--name', 'Claudia Müller', '--role', 'clerk'], io)).toBe(0);
    expect(out).toContain('created clerk account c.mueller');
    out = '';
    expect(await runCli(['staff', 'list', '--json'], io)).toBe(0);
    const accounts = JSON.parse(out);
    expect(accounts).toMatchObject([{ staffId: 'c.mueller', role: 'clerk', displayName: 'Claudia Müller' }]);
    expect(out).not.toContain('scrypt');
    expect(await runCli(['staff', 'add', '--id', 'x1', '--name', 'Xaver', '--role', 'boss'], io)).toBe(2);
    expect(err).toContain('--role (clerk, field or admin)');
  });

  it('refuses a weak password with the reason', async () => {
    const dataDir = tempDir();
    let err = '';
    const io: CliIo = { stdout: () => {}, stderr: (t) => (err += t), readStdin: async () => 'kurz\n', env: { BONUS_STATION_DATA_DIR: dataDir, BONUS_STATION_DB_KEY: randomBytes(32).toString('hex') }, cwd: process.cwd() };
    expect(await runCli(['staff', 'add', '--id', 'c1', '--name', 'Clerk', '--role', 'clerk'], io)).toBe(3);
    expect(err).toContain('password: at least 10 characters');
  });
});

describe('station sync', () => {
  it('says plainly that no central service is configured', async () => {
    const result = await run(['sync', 'status'], { BONUS_STATION_DATA_DIR: tempDir(), BONUS_STATION_DB_KEY: randomBytes(32).toString('hex') });
    expect(result.code).toBe(1);
    expect(result.out).toContain('Keine Service-Adresse konfiguriert');
  });
});
