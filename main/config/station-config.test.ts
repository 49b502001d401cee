import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { loadStationConfig } from './load';
import { ConfigError, defaultStationConfig, parseStationConfig } from './station-config';

const tempDir = useTempDir();

function problemsOf(fn: () => unknown): { field: string; problem: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('station configuration', () => {
  it('starts with no file at all as a kiosk with sync disabled', () => {
    const loaded = loadStationConfig(undefined, '/var/lib/bonus');
    expect(loaded.source).toBe('embedded defaults');
    expect(loaded.config.mode).toBe('kiosk');
    expect(loaded.config.service.url).toBeNull();
    expect(loaded.config.language).toBe('de');
    expect(loaded.dataDir).toBe('/var/lib/bonus');
    expect(defaultStationConfig.kiosk.inactivityTimeoutSeconds).toBe(90);
  });

  it('reads a valid file and resolves a relative data folder from the file', () => {
    const dir = tempDir();
    const file = join(dir, 'station.config.json');
    writeFileSync(file, JSON.stringify({ mode: 'clerk', stationId: 'muc-clerk-2', branch: 'München Mitte', dataDir: 'data', service: { url: 'https://bonus.example/api' } }));
    const loaded = loadStationConfig(file, '/unused');
    expect(loaded.config.mode).toBe('clerk');
    expect(loaded.config.service.url).toBe('https://bonus.example/api');
    expect(loaded.dataDir).toBe(join(dir, 'data'));
  });

  it('names the field and the problem for a wrong mode', () => {
    expect(problemsOf(() => parseStationConfig({ mode: 'kisok' }, 'test'))).toEqual([{ field: 'mode', problem: 'must be one of "kiosk", "clerk", "field"' }]);
  });

  it('names nested fields, wrong types and unknown fields', () => {
    const problems = problemsOf(() => parseStationConfig({ retention: { acknowledgedDays: 'seven' }, service: { url: 'ftp://x' }, colour: 'blue' }, 'test'));
    expect(problems).toContainEqual({ field: 'retention.acknowledgedDays', problem: 'expected number' });
    expect(problems.map((p) => p.field)).toContain('service.url');
    expect(problems).toContainEqual({ field: 'colour', problem: 'unknown field(s) "colour"' });
  });

  it('refuses a station id that could break paths or logs', () => {
    expect(problemsOf(() => parseStationConfig({ stationId: '../etc' }, 'test'))[0]?.field).toBe('stationId');
  });

  it('stops with a message for a file that is missing or not JSON', () => {
    const dir = tempDir();
    expect(() => loadStationConfig(join(dir, 'nope.json'), dir)).toThrow(/file not found/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "mode": "kiosk", ');
    expect(() => loadStationConfig(broken, dir)).toThrow(/not valid JSON/);
    expect(() => loadStationConfig(broken, dir)).toThrow(ConfigError);
  });
});
