import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceConfig } from './config';

describe('the service configuration', () => {
  const dirs: string[] = [];
  const temp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps PGlite and the evidence files in a data directory by default, and the generated admin token across starts', () => {
    const home = temp();
    const first = serviceConfig({ XDG_DATA_HOME: home }, []);
    expect(first.dataDir).toBe(join(home, 'bonus-service'));
    expect(first.database).toEqual({ kind: 'pglite', dir: join(home, 'bonus-service', 'pglite') });
    expect(first.blobDir).toBe(join(home, 'bonus-service', 'evidence'));
    expect(first.adminToken.source).toBe('generated');
    expect(statSync(first.adminToken.file!).mode & 0o777).toBe(0o600);
    const again = serviceConfig({ XDG_DATA_HOME: home }, []);
    expect(again.adminToken).toEqual({ value: first.adminToken.value, source: 'file', file: first.adminToken.file });
    expect(readFileSync(first.adminToken.file!, 'utf8').trim()).toBe(first.adminToken.value);
  });

  it('takes SERVICE_DATA_DIR, and keeps the layout of a directory that already is a PGlite database', () => {
    const dir = join(temp(), 'data');
    expect(serviceConfig({ SERVICE_DATA_DIR: dir }, [])).toMatchObject({ dataDir: dir, database: { dir: join(dir, 'pglite') }, blobDir: join(dir, 'evidence') });
    const legacy = join(temp(), 'service-data');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'PG_VERSION'), '17\n');
    expect(serviceConfig({ SERVICE_DATA_DIR: legacy }, [])).toMatchObject({ database: { dir: legacy }, blobDir: `${legacy}-blobs` });
  });

  it('keeps nothing only when asked to, by flag or environment', () => {
    for (const config of [serviceConfig({ XDG_DATA_HOME: temp() }, ['--in-memory']), serviceConfig({ XDG_DATA_HOME: temp(), SERVICE_IN_MEMORY: '1' }, [])]) {
      expect(config).toMatchObject({ dataDir: null, database: { kind: 'pglite', dir: null }, blobDir: null, adminToken: { source: 'generated', file: null } });
    }
    expect(() => serviceConfig({}, ['--memory'])).toThrow(/Unknown argument --memory/);
  });

  it('needs a shared evidence directory with PostgreSQL, and PostgreSQL for more than one process', () => {
    expect(() => serviceConfig({ DATABASE_URL: 'postgres://x/y' }, [])).toThrow(/SERVICE_BLOB_DIR must be set/);
    expect(() => serviceConfig({ SERVICE_PROCESSES: '2', XDG_DATA_HOME: temp() }, [])).toThrow(/needs DATABASE_URL/);
    expect(() => serviceConfig({ DATABASE_URL: 'postgres://x/y', SERVICE_BLOB_DIR: '/srv/e' }, ['--in-memory'])).toThrow(/embedded database/);
    expect(serviceConfig({ DATABASE_URL: 'postgres://x/y', SERVICE_BLOB_DIR: '/srv/e', SERVICE_PROCESSES: '4', SERVICE_ADMIN_TOKEN: 'a'.repeat(20) }, [])).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://x/y' },
      blobDir: '/srv/e',
      dataDir: null,
      processes: 4,
      adminToken: { source: 'environment' },
    });
  });

  it('takes SERVICE_TEST_TODAY (a test hook) as a calendar date, and refuses anything else at start', () => {
    expect(serviceConfig({ SERVICE_IN_MEMORY: '1' }, []).testToday).toBeNull();
    expect(serviceConfig({ SERVICE_IN_MEMORY: '1', SERVICE_TEST_TODAY: '2027-07-15' }, []).testToday).toBe('2027-07-15');
    for (const bad of ['', 'tomorrow', '2027-02-30', '2027-7-15', '15.07.2027', '2027-07-15T10:00']) {
      expect(() => serviceConfig({ SERVICE_IN_MEMORY: '1', SERVICE_TEST_TODAY: bad }, [])).toThrow(`SERVICE_TEST_TODAY (a test hook) must be a date YYYY-MM-DD, not "${bad}"`);
    }
  });
});
