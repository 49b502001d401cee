import { describe, expect, it } from 'vitest';
import { LineSplitter, parseStderrLine } from './batch-output';

describe('scanimage batch output', () => {
  it('recognises page starts and progress, and nothing else', () => {
    expect(parseStderrLine('Scanning page 3')).toEqual({ kind: 'page-started', page: 3 });
    expect(parseStderrLine('Progress: 42.5%')).toEqual({ kind: 'progress', percent: 42.5 });
    expect(parseStderrLine('Scanned page 3. (scanner status = 5)')).toEqual({ kind: 'other' });
    expect(parseStderrLine('Scanning infinity pages, incrementing by 1, numbering from 1')).toEqual({ kind: 'other' });
  });

  it('splits progress lines ended by carriage returns, across chunk borders', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    splitter.push('Scanning page 1\nProgress: 10.0%\rProg');
    splitter.push('ress: 20.0%\r\nScanned page 1. (scanner status = 5)');
    splitter.end();
    expect(lines).toEqual(['Scanning page 1', 'Progress: 10.0%', 'Progress: 20.0%', 'Scanned page 1. (scanner status = 5)']);
  });
});
