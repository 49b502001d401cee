import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands on its own: a clone has everything its comments and docs point to. Design
 * notes and source documents the project was written from are not in it, so nothing may name them,
 * and every `docs/…` path and every relative Markdown link must lead to a file that is here.
 */
const root = join(import.meta.dirname, '..', '..');
const self = 'test/static/self-contained.test.ts';

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  return files.filter((f) => f !== self && /\.(ts|tsx|js|mjs|cjs|md|json|ya?ml|sh|css|html)$/.test(f) && existsSync(join(root, f)));
}

describe('the repository is self-contained', () => {
  const files = trackedTextFiles();

  it('names no document that lives outside it', () => {
    const outside = /\b(DESIGN|STYLE)\.md\b|\bDESIGN "|\.\.\/shared\/|\/work\/shared|docs\/DESIGN\b/;
    const found = files.flatMap((f) => {
      const lines = readFileSync(join(root, f), 'utf8').split('\n');
      return lines.flatMap((line, i) => (outside.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : []));
    });
    expect(found).toEqual([]);
  });

  it('points to docs/ files that exist (tests may name a missing one on purpose)', () => {
    const missing = files
      .filter((f) => !/\.(test|spec)\.tsx?$/.test(f) && !f.startsWith('test/'))
      .flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/(?<![\w/.-])docs\/[\w./-]*\w\.(?:md|json)/g)].map((m) => ({ f, ref: m[0] })))
      .filter(({ ref }) => !existsSync(join(root, ref)))
      .map(({ f, ref }) => `${f} → ${ref}`);
    expect(missing).toEqual([]);
  });

  it('has relative Markdown links that lead to files in it', () => {
    const broken = files
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) =>
        [...readFileSync(join(root, f), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
          .map((m) => m[1] as string)
          .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('/'))
          .filter((target) => !existsSync(normalize(join(root, dirname(f), target))))
          .map((target) => `${f} → ${target}`),
      );
    expect(broken).toEqual([]);
  });
});
