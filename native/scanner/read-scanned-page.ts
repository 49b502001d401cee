import { openPlainFile } from './hot-folder/safe-dir';

/**
 * Reads a scanned page's file for the batch queue or the kiosk's evidence: never through a link
 * (a hot folder's processed/ can be written by whoever saves scans there) and never more than
 * `maxBytes`.
 */
export async function readScannedPage(path: string, maxBytes = 256 * 1024 * 1024): Promise<Buffer> {
  const handle = await openPlainFile(path);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new Error(`${path} is larger than ${maxBytes} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
