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
    // Below the feature folders nothing talks to hardware.
    expect(await lint('main/store/x.ts', "import { c } from '../../native/card';\nexport const a = c;\n")).toEqual([expect.stringMatching(/^error: .*below the feature folders/)]);
  });
});

describe('the floor plan inside main/', () => {
  it('refuses every upward import, as an error', async () => {
    // runtime (1) → a feature (3), store (2) → composition (4), a feature (3) → an entry point (5)
    expect(await lint('main/runtime/x.ts', "import { k } from '../kiosk/kiosk-session';\nexport const a = k;\n")).toEqual([expect.stringMatching(/^error: .*layer 1.* main\/kiosk \(layer 3\).*never up/)]);
    expect(await lint('main/store/x.ts', "import { s } from '../station/create-station';\nexport const a = s;\n")).toEqual([expect.stringMatching(/^error: .*never up/)]);
    expect(await lint('main/kiosk/x.ts', "import { s } from '../cli/station';\nexport const a = s;\n")).toEqual([expect.stringMatching(/^error: .*never up/)]);
    expect(await lint('main/sync/x.ts', "import { s } from '../station/station-options';\nexport const a = s;\n")).toEqual([expect.stringMatching(/^error: .*never up/)]);
    expect(await lint('main/domain/x.ts', "import { l } from '../runtime/logger';\nexport const a = l;\n")).toEqual([expect.stringMatching(/^error: .*never up/)]);
  });

  it('lets each layer use the ones below it', async () => {
    expect(await lint('main/kiosk/x.ts', "import { l } from '../runtime/logger';\nimport { d } from '../store/database';\nimport { m } from '../domain';\nexport const a = [l, d, m];\n")).toEqual([]);
    expect(await lint('main/station/x.ts', "import { k } from '../kiosk/kiosk-session';\nexport const a = k;\n")).toEqual([]);
    expect(await lint('main/app/x.ts', "import { s } from '../station/create-station';\nexport const a = s;\n")).toEqual([]);
  });

  it('keeps entry points apart', async () => {
    expect(await lint('main/host/x.ts', "import { s } from '../cli/station';\nexport const a = s;\n")).toEqual([expect.stringMatching(/^error: .*Entry points do not import each other/)]);
    expect(await lint('main/app/x.ts', "import { s } from '../host/loopback/server';\nexport const a = s;\n")).toHaveLength(1);
  });

  it('refuses a folder that is not in the floor plan', async () => {
    expect(await lint('main/misc/x.ts', "import { l } from '../runtime/logger';\nexport const a = l;\n")).toEqual([expect.stringMatching(/^error: .*not a folder of the floor plan/)]);
  });

  it('refuses an import circle between files', async () => {
    // station-handlers.ts imports station-options.ts; the reverse would close a circle.
    expect(await lint('main/station/station-options.ts', "import { c } from './station-handlers';\nexport const a = c;\n")).toEqual([
      expect.stringMatching(/^error: .*closes an import circle: main\/station\/station-options\.ts → main\/station\/station-handlers\.ts → main\/station\/station-options\.ts/),
    ]);
  });

  it('refuses feature folders that depend on each other in a circle', async () => {
    // main/kiosk uses main/sync (the outbox); sync using kiosk would make them one lump.
    expect(await lint('main/sync/x.ts', "import { k } from '../kiosk/booklet-view';\nexport const a = k;\n")).toEqual([
      expect.stringMatching(/^error: .*feature folders depend on each other in a circle: main\/sync\/ → main\/kiosk\/ → main\/sync\//),
    ]);
  });

  it('keeps product code away from test code, and native/ away from main/', async () => {
    expect(await lint('main/kiosk/x.ts', "import { t } from '../../test/support/temp-dir';\nexport const a = t;\n")).toEqual([expect.stringMatching(/^error: .*Product code does not import test\//)]);
    expect(await lint('native/card/x.ts', "import { t } from '../../test/support/temp-dir';\nexport const a = t;\n")).toHaveLength(1);
    // A test beside the code may use the test support.
    expect(await lint('main/kiosk/x.test.ts', "import { t } from '../../test/support/temp-dir';\nexport const a = t;\n")).toEqual([]);
    expect(await lint('native/card/x.ts', "import { k } from '../../main/kiosk/kiosk-session';\nexport const a = k;\n")).toEqual([expect.stringMatching(/^error: .*native\/ holds hardware adapters/)]);
    expect(await lint('native/card/x.ts', "import { d } from '../../main/domain';\nexport const a = d;\n")).toHaveLength(1);
    // The shared vocabulary (the contract's schemas) is the one thing native/ may use.
    expect(await lint('native/card/x.ts', "import { c } from '../../main/contract/card';\nexport const a = c;\n")).toEqual([]);
  });
});

describe('the size of files in main/', () => {
  async function sizeErrors(file: string, lines: number): Promise<string[]> {
    const code = Array.from({ length: lines }, (_, i) => `export const a${i} = ${i};`).join('\n') + '\n';
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines').map((m) => `${m.severity === 2 ? 'error' : 'warn'}: ${m.message}`);
  }

  it('refuses a product file over 300 lines, as an error', async () => {
    expect(await sizeErrors('main/kiosk/x.ts', 300)).toEqual([]);
    expect(await sizeErrors('main/kiosk/x.ts', 301)).toEqual([expect.stringMatching(/^error: .*Maximum allowed is 300/)]);
    expect(await sizeErrors('main/contract/service-api/x.ts', 301)).toHaveLength(1);
    // The exceptions are named, not a folder: a helper beside the catalogs or migrations is code.
    expect(await sizeErrors('main/domain/catalog/select.ts', 301)).toHaveLength(1);
    expect(await sizeErrors('main/store/migrations/index.ts', 301)).toHaveLength(1);
  });

  it('excepts only data: the numbered migrations and the dated catalogs; tests are not product files', async () => {
    expect(await sizeErrors('main/store/migrations/0099_x.ts', 400)).toEqual([]);
    expect(await sizeErrors('main/domain/catalog/catalog-2027.ts', 400)).toEqual([]);
    expect(await sizeErrors('main/kiosk/x.test.ts', 400)).toEqual([]);
  });
});
