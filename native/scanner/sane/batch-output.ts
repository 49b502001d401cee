/**
 * Follows scanimage's batch output. With `--progress` stderr says "Scanning page N" and
 * "Progress: 42.3%" (ended by \r or \n); with `--batch-print` stdout names each page's file once
 * it is complete: scanimage writes "<file>.part" and renames it before printing the name.
 */
export type BatchLine = { kind: 'page-started'; page: number } | { kind: 'progress'; percent: number } | { kind: 'other' };

export function parseStderrLine(line: string): BatchLine {
  const started = /^Scanning page (\d+)$/.exec(line);
  if (started) return { kind: 'page-started', page: Number(started[1]) };
  const progress = /^Progress: (\d{1,3}(?:\.\d+)?)%$/.exec(line);
  if (progress) return { kind: 'progress', percent: Math.min(100, Number(progress[1])) };
  return { kind: 'other' };
}

/** Splits a stream into lines at \r or \n, keeping the unfinished rest for the next chunk. */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.rest + chunk).split(/\r\n|\r|\n/);
    this.rest = parts.pop() ?? '';
    for (const part of parts) if (part !== '') this.onLine(part);
  }

  end(): void {
    if (this.rest !== '') this.onLine(this.rest);
    this.rest = '';
  }
}
