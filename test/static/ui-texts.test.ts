import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import de from '../../renderer/src/i18n/locales/de.json';
import en from '../../renderer/src/i18n/locales/en.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.tsx') && !full.endsWith('.test.tsx') ? [full] : [];
  });
}

describe('UI texts', () => {
  it('exist in German and English with the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(de).sort());
  });

  it('have no empty translations', () => {
    for (const [lang, table] of Object.entries({ de, en })) {
      for (const key of keys(table)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], table);
        expect(String(value).trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('are not written into components: JSX holds no literal words', () => {
    const offenders: string[] = [];
    for (const file of files(join(import.meta.dirname, '../../renderer/src'))) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const visit = (node: ts.Node): void => {
        // JSX text with a letter in it is a UI string that belongs in the locale files.
        if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) offenders.push(`${file}: "${node.text.trim()}"`);
        // So is a literal aria-label, title, alt or placeholder.
        if (ts.isJsxAttribute(node) && ['aria-label', 'title', 'alt', 'placeholder'].includes(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
          offenders.push(`${file}: ${node.name.getText()}="${node.initializer.text}"`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  });
});
