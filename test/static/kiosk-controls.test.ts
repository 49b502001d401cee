import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The kiosk has a touch screen and no keyboard: a native date picker or select list opens the
 * browser's own popup (small, in the browser's locale, `mm/dd/yyyy` in an English Chromium),
 * and a date field expects typing. The kiosk uses its own touch date entry and lists instead.
 * Walked from the kiosk's root component through every module it imports (shared components
 * included), each file's JSX is checked for those elements.
 */
const nativePopupTypes = new Set(['date', 'datetime-local', 'month', 'week', 'time', 'color', 'file']);
const root = resolve(import.meta.dirname, '../../renderer/src');

function nativePopups(source: string, file = 'inline.tsx'): string[] {
  const found: string[] = [];
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const visit = (node: ts.Node): void => {
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = node.tagName.getText(tree);
      const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
      if (tag === 'select' || tag === 'datalist') found.push(`${file}:${line} <${tag}>`);
      if (tag === 'input') {
        for (const attribute of node.attributes.properties) {
          if (!ts.isJsxAttribute(attribute) || attribute.name.getText(tree) !== 'type' || !attribute.initializer) continue;
          const value = ts.isStringLiteral(attribute.initializer) ? attribute.initializer.text : ts.isJsxExpression(attribute.initializer) && attribute.initializer.expression && ts.isStringLiteral(attribute.initializer.expression) ? attribute.initializer.expression.text : undefined;
          if (value && nativePopupTypes.has(value)) found.push(`${file}:${line} <input type="${value}">`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** The renderer modules a file reaches through relative imports. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    for (const statement of tree.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      if (!specifier.startsWith('.')) continue;
      const base = resolve(dirname(file), specifier);
      const target = [base, `${base}.tsx`, `${base}.ts`, join(base, 'index.tsx'), join(base, 'index.ts')].find((p) => /\.tsx?$/.test(p) && existsSync(p));
      if (target && target.startsWith(root)) queue.push(target);
    }
  }
  return [...seen];
}

describe('the kiosk has no native pickers', () => {
  it('finds a native date field, select list and time field where they are (the check itself)', () => {
    const source = `export const A = () => (<form><input type="date" /><input type={'time'} /><select><option>1</option></select><input type="text" /></form>);`;
    expect(nativePopups(source)).toEqual(['inline.tsx:1 <input type="date">', 'inline.tsx:1 <input type="time">', 'inline.tsx:1 <select>']);
  });

  it('has no <input type="date">, time, month or file field and no <select> or <datalist> in any module the kiosk uses', () => {
    const files = reachable(join(root, 'kiosk/KioskApp.tsx'));
    // The walk must reach the kiosk's screens, or "nothing found" means nothing.
    const names = files.map((f) => relative(root, f));
    expect(names).toEqual(expect.arrayContaining(['kiosk/KioskApp.tsx', 'kiosk/EvidenceCapture.tsx', 'kiosk/payout/PayoutScreen.tsx', 'kiosk/paper/PaperBooklet.tsx']));
    expect(files.length).toBeGreaterThan(30);
    const found = files.filter((f) => f.endsWith('.tsx')).flatMap((f) => nativePopups(readFileSync(f, 'utf8'), relative(root, f)));
    expect(found).toEqual([]);
  });
});
