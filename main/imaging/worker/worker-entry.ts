import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the imaging worker thread's entry is, from the module asking (its `import.meta.url`):
 * from TypeScript sources the sibling `imaging-worker.ts` under the tsx loader; from a build
 * the `imaging-worker.js` bundle that electron.vite.config.ts emits beside the entry bundles
 * (the asking code may sit in a shared chunk one folder below them, out/main/chunks/).
 */
export function defaultWorkerEntry(moduleUrl: string = import.meta.url): { entry: URL; execArgv: string[] } {
  const fromSources = moduleUrl.endsWith('.ts');
  if (fromSources) return { entry: new URL('./imaging-worker.ts', moduleUrl), execArgv: ['--import', 'tsx'] };
  const candidates = [new URL('./imaging-worker.js', moduleUrl), new URL('../imaging-worker.js', moduleUrl)];
  return { entry: candidates.find((url) => existsSync(fileURLToPath(url))) ?? candidates[0]!, execArgv: [] };
}
