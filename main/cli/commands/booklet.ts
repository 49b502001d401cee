import { open, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newBookletId } from '../../clerk/booklets';
import { bookletPdf } from '../../imaging/booklet/booklet-pdf';
import { isBookletId } from '../../imaging/booklet/qr-payload';
import { isImagingError } from '../../imaging/errors';
import type { PageRecognition } from '../../imaging/recognition/recognize-page';
import { ImagingWorker } from '../../imaging/worker/imaging-worker-client';
import { exitCode, type CliCommand, type CliIo } from '../command';

/**
 * `station booklet print` writes the printable booklet PDF; `station booklet recognize` runs
 * page images through the recognizer the clerk desk and the kiosk use (the imaging worker
 * runs the same `recognizePage`), so any corpus, also one made elsewhere, can be measured
 * against exactly what the stations do.
 */
const usage = [
  'station booklet print --program adult|child --year YYYY [--booklet ID] --out FILE.pdf [--force]',
  '       station booklet recognize IMAGE… [--json]',
].join('\n');

/** Exit code of `recognize` when at least one file could not be read as an image (the others are still reported). */
export const bookletExitCode = { unreadable: exitCode.invalidInput, outputExists: 10 } as const;

/** Larger files are refused before reading: no camera or 600 dpi scan comes near it. */
const maxFileBytes = 200 * 1024 * 1024;

export const bookletCommand: CliCommand = {
  name: 'booklet',
  summary: 'Print a paper booklet as PDF, or recognize scanned or photographed booklet pages',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'print') return print(rest, io);
    if (sub === 'recognize') return recognize(rest, io);
    io.stderr(`Usage: ${usage}\n`);
    return exitCode.usage;
  },
};

async function print(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { program: { type: 'string' }, year: { type: 'string' }, booklet: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`unexpected argument ${positionals[0]}`);
  if (values.program !== 'adult' && values.program !== 'child') problems.push('--program: must be "adult" or "child"');
  const year = Number(values.year);
  if (!values.year || !/^\d{4}$/.test(values.year) || year < 2000 || year > 2999) problems.push('--year: must be a four-digit year, e.g. 2026');
  if (values.booklet !== undefined && !isBookletId(values.booklet)) problems.push('--booklet: 6-16 characters of 0-9 and A-Z without I and O');
  if (!values.out) problems.push('--out: the PDF file to write is required');
  if (problems.length > 0) {
    io.stderr(`${problems.join('\n')}\nUsage: ${usage}\n`);
    return exitCode.usage;
  }
  const bookletId = values.booklet ?? newBookletId();
  const pdf = await bookletPdf({ bookletId, year, program: values.program as 'adult' | 'child' });
  const path = resolve(io.cwd, values.out!);
  try {
    // 'wx' refuses an existing file: a booklet printed before is not overwritten by accident.
    const file = await open(path, values.force ? 'w' : 'wx');
    await file.writeFile(pdf);
    await file.close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.stderr(`${values.out}: exists already; give --force to overwrite it\n`);
      return bookletExitCode.outputExists;
    }
    io.stderr(`${values.out}: cannot write (${code ?? String(error)})\n`);
    return exitCode.failure;
  }
  io.stdout(`${JSON.stringify({ bookletId, year, program: values.program, out: path, bytes: pdf.length })}\n`);
  return exitCode.ok;
}

interface PageReport {
  file: string;
  kind?: PageRecognition['kind'];
  bookletId?: string;
  page?: number;
  program?: string;
  year?: number;
  upsideDown?: boolean;
  ms?: number;
  fields?: { measure: number; decision: string; confidence: number; inkShare: number }[];
  error?: { code: string; message: string };
}

async function recognize(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true, allowPositionals: true });
  if (positionals.length === 0) {
    io.stderr(`Name at least one image file.\nUsage: ${usage}\n`);
    return exitCode.usage;
  }
  const reports: PageReport[] = [];
  const imaging = new ImagingWorker();
  try {
    // The threads are up before the first page is timed, as at a station that has run a while.
    await imaging.prepareRecognition();
    for (const file of positionals) {
      const report = await recognizeFile(imaging, file, io.cwd);
      reports.push(report);
      if (report.error) io.stderr(`${file}: ${report.error.message} (${report.error.code})\n`);
      if (!values.json) io.stdout(describe(report));
    }
  } finally {
    await imaging.stop();
  }
  if (values.json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
  return reports.some((r) => r.error) ? bookletExitCode.unreadable : exitCode.ok;
}

async function recognizeFile(imaging: ImagingWorker, file: string, cwd: string): Promise<PageReport> {
  const path = resolve(cwd, file);
  let input: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { file, error: { code: 'not_a_file', message: 'not a regular file' } };
    if (info.size > maxFileBytes) return { file, error: { code: 'image_too_large', message: `${info.size} bytes, more than ${maxFileBytes}` } };
    input = await readFile(path);
  } catch (error) {
    return { file, error: { code: 'file_unreadable', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` } };
  }
  const started = performance.now();
  let result: PageRecognition;
  try {
    result = await imaging.recognizePage(input);
  } catch (error) {
    if (isImagingError(error)) return { file, error: { code: error.code, message: error.message } };
    throw error;
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  return {
    file,
    kind: result.kind,
    ...(result.pageId ?? {}),
    upsideDown: result.upsideDown,
    ms,
    fields: result.fields.map((f) => ({ measure: f.measure, decision: f.decision, confidence: round(f.confidence, 3), inkShare: round(f.inkShare, 5) })),
  };
}

function describe(r: PageReport): string {
  if (r.error) return `${basename(r.file)}: unreadable, ${r.error.code}\n`;
  const id = r.bookletId ? ` booklet ${r.bookletId} ${r.year} ${r.program} page ${r.page}${r.upsideDown ? ' (upside down)' : ''}` : '';
  const lines = [`${basename(r.file)}: ${r.kind}${id}, ${r.ms} ms\n`];
  for (const f of r.fields ?? []) {
    lines.push(`  measure ${String(f.measure).padStart(2)}  ${f.decision.padEnd(7)}  confidence ${f.confidence.toFixed(2)}  ink ${(f.inkShare * 100).toFixed(2)} %\n`);
  }
  return lines.join('');
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
