import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * The launcher's private channel: the process that started the host with pipes asks for a new
 * one-time launch address by writing `launch-url` on a line, and reads `{"launchUrl": …}` back.
 * A pipe between parent and child is readable by nobody else (unlike a command line, readable
 * in /proc by every local user, or the journal that stdout goes to under systemd).
 */
export function serveLaunchUrls(input: Readable, output: Writable, mint: () => string): void {
  const lines = createInterface({ input });
  lines.on('line', (line) => {
    if (line.trim() === 'launch-url') output.write(`${JSON.stringify({ launchUrl: mint() })}\n`);
  });
  // A station started without a pipe (stdin at /dev/null, a closed terminal) just runs on.
  lines.on('error', () => undefined);
}
