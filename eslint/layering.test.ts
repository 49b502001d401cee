import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'station/layering').map((m) => `${m.severity === 2 ? 'error' : 'warn'}: ${m.message}`);
}

describe('the layering lint rule', () => {
  it('refuses Node modules, electron and native in the renderer, as errors', async () => {
    expect(await lint('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([
      expect.stringMatching(/^error: .*renderer runs without Node/),
    ]);
    expect(await lint('renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await lint('renderer/src/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await lint('renderer/src/x.ts', "import { c } from '../../native/card';\nexport const a = c;\n")).toHaveLength(1);
    expect(await lint('renderer/src/x.ts', "import { s } from '../../main/store/database';\nexport const a = s;\n")).toHaveLength(1);
  });

  it('lets the renderer import the contract and the domain', async () => {
    expect(await lint('renderer/src/x.ts', "import { methods } from '../../main/contract';\nexport const a = methods;\n")).toEqual([]);
    expect(await lint('renderer/src/deep/x.ts', "import { r } from '../../../main/domain/rules';\nexport const a = r;\n")).toEqual([]);
  });

  it('keeps main/domain and main/contract pure', async () => {
    expect(await lint('main/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await lint('main/contract/x.ts', "import Database from 'better-sqlite3-multiple-ciphers';\nexport const a = Database;\n")).toHaveLength(1);
    expect(await lint('main/domain/rules/x.ts', "import { s } from '../../store/database';\nexport const a = s;\n")).toHaveLength(1);
    // A relative import that stays inside the domain is fine however deep it is.
    expect(await lint('main/domain/rules/x.ts', "import { m } from '../money';\nexport const a = m;\n")).toEqual([]);
    expect(await lint('main/domain/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
  });

  it('allows electron only in main/app and main/preload', async () => {
    expect(await lint('main/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await lint('main/preload/x.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n")).toEqual([]);
    expect(await lint('main/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await lint('native/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('lets only main import native', async () => {
    expect(await lint('main/card/x.ts', "import { c } from '../../native/card';\nexport const a = c;\n")).toEqual([]);
    expect(await lint('service/x.ts', "import { c } from '../native/card';\nexport const a = c;\n")).toHaveLength(1);
  });
});
