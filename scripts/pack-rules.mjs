// The rules a packed station must satisfy; used by pack-check.mjs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');

const requiredFiles = ['/out/main/index.js', '/out/main/loopback.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json'];
// Fuse wire v1 positions and the state each must have ('0' off, '1' on).
const expectedFuses = [
  ['runAsNode', '0'],
  ['enableCookieEncryption', '1'],
  ['enableNodeOptionsEnvironmentVariable', '0'],
  ['enableNodeCliInspectArguments', '0'],
  ['enableEmbeddedAsarIntegrityValidation', '1'],
  ['onlyLoadAppFromAsar', '1'],
  ['loadBrowserProcessSpecificV8Snapshot', '0'],
  ['grantFileProtocolExtraPrivileges', '0'],
];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export function checkPackage({ appDir, packageJson, servicePackageJson, sentinel }) {
  const passed = [];
  const failed = [];
  const check = (ok, text) => (ok ? passed : failed).push(text);

  const archive = join(appDir, 'resources', 'app.asar');
  check(existsSync(archive), 'the app is packed as resources/app.asar');
  if (!existsSync(archive)) return { passed, failed };
  const files = asar.listPackage(archive, { isPack: false }).map((p) => p.split('\\').join('/'));
  const unpackedDir = join(appDir, 'resources', 'app.asar.unpacked');
  const unpacked = walk(unpackedDir).map((f) => `/${relative(unpackedDir, f).split('\\').join('/')}`);

  for (const file of requiredFiles) check(files.includes(file), `built file ${file} is in the asar`);

  const testFiles = [...files, ...unpacked].filter((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f) || /^\/(test|bench)\//.test(f));
  check(testFiles.length === 0, `no test or benchmark files (found ${testFiles.slice(0, 5).join(', ') || 'none'})`);
  const maps = [...files, ...unpacked].filter((f) => f.endsWith('.map'));
  check(maps.length === 0, `no source maps (found ${maps.slice(0, 5).join(', ') || 'none'})`);
  const sources = files.filter((f) => /^\/(main|renderer|native|service)\//.test(f));
  check(sources.length === 0, `no TypeScript sources, only bundles (found ${sources.slice(0, 5).join(', ') || 'none'})`);
  const secrets = [...files, ...unpacked].filter((f) => /(\.key|\.key\.enc|\.db|\.db-wal|\.sqlite|\/\.env)$/.test(f));
  check(secrets.length === 0, `no keys, databases or .env files (found ${secrets.join(', ') || 'none'})`);

  const devDeps = Object.keys(packageJson.devDependencies ?? {});
  const shippedDev = devDeps.filter((name) => files.includes(`/node_modules/${name}/package.json`) || unpacked.includes(`/node_modules/${name}/package.json`));
  check(shippedDev.length === 0, `no dev dependencies (found ${shippedDev.join(', ') || 'none'})`);
  // The central service is deployed on its own; its database and web server never ride along in a station.
  const serviceOnly = Object.keys(servicePackageJson?.dependencies ?? {}).filter((name) => !(name in (packageJson.dependencies ?? {})));
  const shippedService = serviceOnly.filter((name) => files.includes(`/node_modules/${name}/package.json`) || unpacked.includes(`/node_modules/${name}/package.json`));
  check(serviceOnly.length > 0 && shippedService.length === 0, `no service-only packages (${serviceOnly.join(', ')}; found ${shippedService.join(', ') || 'none'})`);
  const shippedWorkspace = files.filter((f) => f.startsWith('/node_modules/@bonus-station/') || f.startsWith('/service/'));
  check(shippedWorkspace.length === 0, `no service code (found ${shippedWorkspace.slice(0, 3).join(', ') || 'none'})`);
  for (const name of Object.keys(packageJson.dependencies ?? {})) {
    check(files.includes(`/node_modules/${name}/package.json`) || unpacked.includes(`/node_modules/${name}/package.json`), `production dependency ${name} is shipped`);
  }

  const nativeInAsar = files.filter((f) => f.endsWith('.node') && !unpacked.includes(f));
  check(nativeInAsar.length === 0, `native modules are not loaded from inside the asar (found ${nativeInAsar.join(', ') || 'none'})`);
  check(
    unpacked.some((f) => f.startsWith('/node_modules/better-sqlite3-multiple-ciphers/') && f.endsWith('.node')),
    'the SQLite native module is unpacked next to the asar',
  );
  const libvipsInAsar = files.filter((f) => /\/libvips[^/]*\.so/.test(f) && !unpacked.includes(f));
  check(
    libvipsInAsar.length === 0 && unpacked.some((f) => /\/libvips[^/]*\.so/.test(f)),
    `sharp's libvips is unpacked next to its addon (in asar only: ${libvipsInAsar.join(', ') || 'none'})`,
  );

  // electron-builder.yml: executableName
  const binaryName = readdirSync(appDir).find((name) => name === 'bonus-station');
  const binary = binaryName ? readFileSync(join(appDir, binaryName)) : undefined;
  check(Boolean(binary), 'the executable is named bonus-station');
  if (binary) {
    const at = binary.indexOf(sentinel);
    check(at >= 0, 'the executable carries the fuse wire');
    const wire = binary.subarray(at + sentinel.length + 2, at + sentinel.length + 2 + expectedFuses.length).toString('latin1');
    expectedFuses.forEach(([name, state], i) => check(wire[i] === state, `fuse ${name} is ${state === '1' ? 'on' : 'off'}`));
  }
  return { passed, failed };
}
