import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SaneTestEnvironment = { ok: true; env: NodeJS.ProcessEnv; configDir: string; cleanup: () => void } | { ok: false; reason: string };

/**
 * A SANE configuration of our own for the tests (SANE_CONFIG_DIR without a trailing colon
 * replaces /etc/sane.d entirely): only the `test` backend (generated pages, a feeder that is
 * empty after 10 sheets, status codes on request) and the `pnm` backend (reads the file named
 * by its --filename option through the real SANE stack). Debian's pnm backend reads no
 * configuration file of its own, so there is no pnm.conf to write.
 */
export function saneTestEnvironment(): SaneTestEnvironment {
  const probe = spawnSync('scanimage', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { ok: false, reason: `scanimage is not available (${probe.error?.message ?? `exit ${probe.status}`}); install it with: apt-get install sane-utils` };
  }
  const configDir = mkdtempSync(join(tmpdir(), 'sane-config-'));
  writeFileSync(join(configDir, 'dll.conf'), 'test\npnm\n');
  writeFileSync(join(configDir, 'test.conf'), 'number_of_devices 2\n');
  return {
    ok: true,
    env: { ...process.env, SANE_CONFIG_DIR: configDir },
    configDir,
    cleanup: () => rmSync(configDir, { recursive: true, force: true }),
  };
}

/** In CI a missing scanimage is a broken setup, not a reason to skip. */
export function requireSaneOrSkip(sane: SaneTestEnvironment, register: (name: string, fn: () => void) => void): boolean {
  if (sane.ok) return true;
  if (process.env.CI) {
    register('scanimage is installed (CI installs sane-utils in .ci/run)', () => {
      throw new Error(sane.reason);
    });
  } else {
    console.warn(`Skipping SANE integration tests: ${sane.reason}`);
  }
  return false;
}

/** Reads a binary PNM (P5/P6): header values and the raster, skipping comment lines like SANE's "# SANE data follows". */
export function readPnm(bytes: Buffer): { magic: string; width: number; height: number; maxval: number; raster: Buffer } {
  const tokens: string[] = [];
  let i = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i] as number))) i += 1;
    if (bytes[i] === 0x23) {
      while (bytes[i] !== 0x0a) i += 1;
      continue;
    }
    const start = i;
    while (!/\s/.test(String.fromCharCode(bytes[i] as number))) i += 1;
    tokens.push(bytes.subarray(start, i).toString('latin1'));
  }
  i += 1; // the single whitespace after maxval
  const [magic, width, height, maxval] = tokens as [string, string, string, string];
  return { magic, width: Number(width), height: Number(height), maxval: Number(maxval), raster: bytes.subarray(i) };
}
