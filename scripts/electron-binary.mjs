// Where the Electron binary is, if it is installed. Electron's npm package downloads its binary
// on first use; on machines that cannot reach the download host it is never there. This checks
// without triggering that download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary() {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const dir = dirname(pkg);
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
