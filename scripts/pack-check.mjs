// Packs the app with electron-builder (`--linux dir`) against a stand-in Electron, then checks
// what a station would receive: the built main/preload/renderer in the asar, no tests, no
// source maps, no dev dependencies, native modules unpacked, and the security fuses flipped.
//
// The stand-in is named as such: Electron's binary cannot be downloaded here, so a small file
// carrying Electron's fuse sentinel and a default fuse wire takes its place. electron-builder
// copies it and flips the fuses in it exactly as it would in the real binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPackage } from './pack-rules.mjs';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const work = join(tmpdir(), `bonus-pack-${process.pid}`);
const standIn = join(work, 'electron-stand-in');
const output = join(work, 'release');

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults for fuse wire v1: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
// inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on.
const defaultWire = '10110001';

function makeStandIn() {
  mkdirSync(join(standIn, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary"\nexit 1\n'), Buffer.from(SENTINEL), Buffer.from([1, defaultWire.length]), Buffer.from(defaultWire)]);
  writeFileSync(join(standIn, 'electron'), wire, { mode: 0o755 });
  writeFileSync(join(standIn, 'LICENSE'), 'stand-in');
  writeFileSync(join(standIn, 'version'), require('electron/package.json').version);
}

function main() {
  if (!existsSync(join(root, 'out/main/index.js'))) {
    console.error('No build in out/: run "npm run build" first.');
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
  makeStandIn();
  const builder = spawnSync(
    process.execPath,
    [require.resolve('electron-builder/cli.js'), '--linux', 'dir', '--x64', '--publish', 'never', `-c.electronDist=${standIn}`, `-c.directories.output=${output}`],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' } },
  );
  if (builder.status !== 0) {
    process.stdout.write(builder.stdout);
    process.stderr.write(builder.stderr);
    console.error('electron-builder failed');
    process.exit(1);
  }
  const appDir = join(output, readdirSync(output).find((name) => name.endsWith('-unpacked')) ?? 'linux-unpacked');
  const readJson = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
  const problems = checkPackage({ appDir, packageJson: readJson('package.json'), servicePackageJson: readJson('service/package.json'), sentinel: SENTINEL });
  for (const line of problems.passed) console.log(`ok   ${line}`);
  for (const line of problems.failed) console.log(`FAIL ${line}`);
  console.log(`${problems.passed.length} passed, ${problems.failed.length} failed`);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = problems.failed.length === 0 ? 0 : 1;
}

main();
