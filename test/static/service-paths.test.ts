import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the service API paths', () => {
  it('are written only in the contract, nowhere else in the station or the service', () => {
    const written: string[] = [];
    for (const file of [...sourceFiles(join(root, 'main')), ...sourceFiles(join(root, 'service'))]) {
      const rel = relative(root, file);
      if (rel.startsWith('main/contract/service-')) continue;
      if (/['"`]\/v1\//.test(readFileSync(file, 'utf8'))) written.push(rel);
    }
    expect(written).toEqual([]);
  });
});
