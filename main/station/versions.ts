import { createRequire } from 'node:module';

const requirePackage = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (requirePackage(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Versions worth knowing when a station misbehaves: runtime and the native parts. */
export function runtimeVersions(): Record<string, string> {
  return {
    node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron, chrome: process.versions.chrome ?? '' } : {}),
    sqlite3mc: packageVersion('better-sqlite3-multiple-ciphers'),
    platform: `${process.platform}-${process.arch}`,
  };
}
