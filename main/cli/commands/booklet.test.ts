import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { bookletTemplate } from '../../imaging/booklet/template';
import { bookletPage, scanOf, stampInto } from '../../../test/support/imaging/scans';
import { exitCode, type CliIo } from '../command';
import { runCli } from '../station';
import { bookletExitCode } from './booklet';

const tempDir = useTempDir('booklet-cli-');

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readStdin: async () => '',
    env: {},
    cwd,
  };
  return io;
}

describe('station booklet print', () => {
  it('writes the booklet PDF for the given id and refuses to overwrite it without --force', async () => {
    const dir = tempDir();
    const io = fakeIo(dir);
    expect(await runCli(['booklet', 'print', '--program', 'child', '--year', '2026', '--booklet', 'K7M2Q9X4TR', '--out', 'heft.pdf'], io)).toBe(exitCode.ok);
    expect(JSON.parse(io.out)).toMatchObject({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'child' });
    const pdf = readFileSync(join(dir, 'heft.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    writeFileSync(join(dir, 'other.pdf'), 'keep me');
    const again = fakeIo(dir);
    expect(await runCli(['booklet', 'print', '--program', 'adult', '--year', '2026', '--out', 'other.pdf'], again)).toBe(bookletExitCode.outputExists);
    expect(again.err).toContain('exists already');
    expect(readFileSync(join(dir, 'other.pdf'), 'utf8')).toBe('keep me');
    expect(await runCli(['booklet', 'print', '--program', 'adult', '--year', '2026', '--out', 'other.pdf', '--force'], fakeIo(dir))).toBe(exitCode.ok);
    expect(readFileSync(join(dir, 'other.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('gives a new random id when none is named', async () => {
    const dir = tempDir();
    const io = fakeIo(dir);
    expect(await runCli(['booklet', 'print', '--program', 'adult', '--year', '2027', '--out', 'a.pdf'], io)).toBe(exitCode.ok);
    expect(JSON.parse(io.out).bookletId).toMatch(/^[0-9A-HJ-NP-Z]{10}$/);
  });

  it('names every wrong option and writes nothing', async () => {
    const dir = tempDir();
    const io = fakeIo(dir);
    expect(await runCli(['booklet', 'print', '--program', 'senior', '--year', '26', '--booklet', 'IO-bad', '--out', 'x.pdf'], io)).toBe(exitCode.usage);
    expect(io.err).toContain('--program: must be "adult" or "child"');
    expect(io.err).toContain('--year: must be a four-digit year');
    expect(io.err).toContain('--booklet: 6-16 characters');
    expect(() => readFileSync(join(dir, 'x.pdf'))).toThrow();
    const noOut = fakeIo(dir);
    expect(await runCli(['booklet', 'print', '--program', 'adult', '--year', '2026'], noOut)).toBe(exitCode.usage);
    expect(noOut.err).toContain('--out: the PDF file to write is required');
  });
});

describe('station booklet recognize', () => {
  async function stampedScan(): Promise<Buffer> {
    const canvas = bookletPage('adult', 3);
    stampInto(canvas, bookletTemplate('adult').pages[2]!.fields[0]!.stampBox);
    return scanOf(canvas, { angle: 2 });
  }

  it('reports kind, page id and each field with decision, confidence, ink share and the time taken', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p3.jpg'), await stampedScan());
    const io = fakeIo(dir);
    expect(await runCli(['booklet', 'recognize', 'p3.jpg', '--json'], io)).toBe(exitCode.ok);
    const [page] = JSON.parse(io.out);
    expect(page).toMatchObject({ file: 'p3.jpg', kind: 'booklet_page', bookletId: 'K7M2Q9X4TR', year: 2026, program: 'adult', page: 3, upsideDown: false });
    expect(page.ms).toBeGreaterThan(0);
    expect(page.fields.map((f: { measure: number; decision: string }) => [f.measure, f.decision])).toEqual([
      [9, 'stamped'],
      [10, 'empty'],
      [11, 'empty'],
      [12, 'empty'],
    ]);
    expect(page.fields[0].inkShare).toBeGreaterThan(0.01);
    expect(page.fields[0].confidence).toBeGreaterThanOrEqual(0.5);

    const text = fakeIo(dir);
    expect(await runCli(['booklet', 'recognize', 'p3.jpg'], text)).toBe(exitCode.ok);
    expect(text.out).toMatch(/p3\.jpg: booklet_page booklet K7M2Q9X4TR 2026 adult page 3, [\d.]+ ms/);
    expect(text.out).toMatch(/measure {2}9 {2}stamped/);
  });

  it('reports every unreadable file with its reason, still reads the others, and exits with 3', async () => {
    const dir = tempDir();
    const scan = await stampedScan();
    writeFileSync(join(dir, 'good.jpg'), scan);
    writeFileSync(join(dir, 'half.jpg'), scan.subarray(0, scan.length >> 1));
    writeFileSync(join(dir, 'notes.txt'), 'Scan fehlgeschlagen\n');
    writeFileSync(join(dir, 'empty.jpg'), '');
    const io = fakeIo(dir);
    const code = await runCli(['booklet', 'recognize', 'half.jpg', 'notes.txt', 'missing.jpg', 'empty.jpg', '.', 'good.jpg', '--json'], io);
    expect(code).toBe(bookletExitCode.unreadable);
    const reports = JSON.parse(io.out) as { file: string; kind?: string; error?: { code: string } }[];
    expect(reports.map((r) => [r.file, r.error?.code ?? r.kind])).toEqual([
      ['half.jpg', 'image_corrupt'],
      ['notes.txt', 'not_an_image'],
      ['missing.jpg', 'file_unreadable'],
      ['empty.jpg', 'not_an_image'],
      ['.', 'not_a_file'],
      ['good.jpg', 'booklet_page'],
    ]);
    expect(io.err).toContain('missing.jpg: cannot read the file (ENOENT)');
    expect(io.err).toContain('half.jpg: The image is damaged or incomplete');
  });

  it('asks for at least one file', async () => {
    const io = fakeIo(tempDir());
    expect(await runCli(['booklet', 'recognize'], io)).toBe(exitCode.usage);
    expect(io.err).toContain('Name at least one image file');
    expect(await runCli(['booklet', 'stamp'], fakeIo(tempDir()))).toBe(exitCode.usage);
  });

  const hasPoppler = spawnSync('pdftoppm', ['-v']).status === 0;
  it.skipIf(!hasPoppler)('reads back a page of the PDF it printed (rasterized with pdftoppm from poppler-utils)', async () => {
    const dir = tempDir();
    expect(await runCli(['booklet', 'print', '--program', 'child', '--year', '2026', '--booklet', 'PRNT2026AB', '--out', 'b.pdf'], fakeIo(dir))).toBe(exitCode.ok);
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '2', '-l', '2', join(dir, 'b.pdf'), join(dir, 'page')]);
    const io = fakeIo(dir);
    expect(await runCli(['booklet', 'recognize', 'page-2.png', '--json'], io)).toBe(exitCode.ok);
    const [page] = JSON.parse(io.out);
    expect(page).toMatchObject({ kind: 'booklet_page', bookletId: 'PRNT2026AB', program: 'child', page: 2 });
    expect(page.fields.every((f: { decision: string }) => f.decision === 'empty')).toBe(true);
  });
});
