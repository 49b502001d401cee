import { ScannerError, type BatchRequest, type PageFormat } from '../scanner';
import { duplexMethod, sourcesOf } from './capabilities';
import type { SaneOption } from './device-options';

/** Options the adapter sets itself; a request cannot override them through `deviceOptions`. */
const reserved = new Set(['d', 'device-name', 'format', 'batch', 'batch-start', 'batch-count', 'batch-increment', 'batch-double', 'batch-print', 'batch-prompt', 'output-file', 'o', 'progress', 'p', 'source', 'resolution', 'mode', 'adf-mode', 'duplex', 'help', 'all-options', 'A', 'L', 'list-devices', 'f', 'formatted-device-list', 'icc-profile', 'i', 'test', 'T', 'dont-scan', 'n', 'buffer-size', 'B']);

const extension: Record<PageFormat, string> = { pnm: 'pnm', png: 'png', tiff: 'tif', jpeg: 'jpg' };

export interface BatchPlan {
  args: string[];
  /** Pages end with the feeder running empty (ADF without a page limit). */
  untilFeederEmpty: boolean;
  format: PageFormat;
}

/**
 * Turns a batch request into scanimage arguments, checked against what the device offers, so
 * that a wrong request fails with a clear message before the scanner moves.
 */
export function planBatch(deviceName: string, request: BatchRequest, options: SaneOption[]): BatchPlan {
  // PNG by default: lossless, and read by the image pipeline (sharp); PNM, SANE's raw form, is not.
  const format = request.format ?? 'png';
  const invalid = (message: string) => new ScannerError('invalid-request', message);
  if (request.maxPages !== undefined && !(Number.isInteger(request.maxPages) && request.maxPages >= 1 && request.maxPages <= 10_000)) {
    throw invalid('maxPages must be a whole number from 1 to 10000');
  }
  const args = [`--device-name=${deviceName}`, `--format=${format}`, '--batch-start=1', '--batch-print', '--progress'];

  const sources = sourcesOf(options);
  const wantsFeeder = request.source === 'adf' || request.duplex === true;
  let feeder = false;
  if (request.duplex) {
    const method = duplexMethod(options);
    if (!method) throw invalid('this scanner cannot scan both sides (no duplex source or switch)');
    if (method.kind === 'source') args.push(`--source=${method.source}`);
    else {
      const adf = sources.find((s) => s.kind === 'adf');
      if (!adf) throw invalid('this scanner has no document feeder');
      args.push(`--source=${adf.name}`, method.kind === 'adf-mode' ? `--adf-mode=${method.value}` : '--duplex=yes');
    }
    feeder = true;
  } else if (sources.length > 0) {
    const kind = wantsFeeder ? 'adf' : 'flatbed';
    const chosen = sources.find((s) => s.kind === kind) ?? (request.source === undefined ? sources[0] : undefined);
    if (!chosen) throw invalid(`this scanner has no ${kind === 'adf' ? 'document feeder' : 'flatbed'} (sources: ${sources.map((s) => s.name).join(', ')})`);
    args.push(`--source=${chosen.name}`);
    feeder = chosen.kind === 'adf' || chosen.kind === 'adf-duplex';
  } else if (wantsFeeder) {
    throw invalid('this scanner has no document feeder');
  }

  if (request.resolution !== undefined) args.push(`--resolution=${checkResolution(request.resolution, options)}`);
  if (request.mode !== undefined) {
    const modes = listOf(options, 'mode');
    if (!modes.includes(request.mode)) throw invalid(`mode "${request.mode}" is not offered (modes: ${modes.join(', ') || 'none'})`);
    args.push(`--mode=${request.mode}`);
  }
  for (const [name, value] of Object.entries(request.deviceOptions ?? {})) args.push(...deviceOption(name, value, options));

  // A flatbed has no end of its own: without a count scanimage would scan the same glass forever.
  const count = request.maxPages ?? (feeder ? undefined : 1);
  if (count !== undefined) args.push(`--batch-count=${count}`);
  return { args, untilFeederEmpty: feeder && request.maxPages === undefined, format };
}

/** The `--batch` argument: scanimage expands it with printf, so a "%" in the folder name is doubled. */
export function batchArgument(outDir: string, format: PageFormat): string {
  return `--batch=${outDir.replaceAll('%', '%%')}/page-%04d.${extension[format]}`;
}

function checkResolution(dpi: number, options: SaneOption[]): number {
  const option = options.find((o) => o.name === 'resolution');
  const ok =
    Number.isInteger(dpi) &&
    dpi > 0 &&
    (!option ||
      (option.constraint.kind === 'range' && dpi >= option.constraint.min && dpi <= option.constraint.max) ||
      (option.constraint.kind === 'list' && option.constraint.values.includes(String(dpi))) ||
      option.constraint.kind === 'free');
  if (!ok) throw new ScannerError('invalid-request', `resolution ${dpi} dpi is not offered by this scanner`);
  return dpi;
}

function deviceOption(name: string, value: string, options: SaneOption[]): string[] {
  const invalid = (message: string) => new ScannerError('invalid-request', message);
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(name) || reserved.has(name)) throw invalid(`device option "${name.slice(0, 64)}" cannot be set`);
  const option = options.find((o) => o.name === name);
  if (!option || option.readOnly || option.constraint.kind === 'button') throw invalid(`the scanner has no settable option "${name}"`);
  if (value.length > 4096 || /[\0\n\r]/.test(value)) throw invalid(`value for "${name}" is not acceptable`);
  if (option.constraint.kind === 'list' && !option.constraint.values.includes(value)) throw invalid(`"${name}" must be one of ${option.constraint.values.join(', ')}`);
  if (option.constraint.kind === 'bool' && !option.constraint.values.includes(value)) throw invalid(`"${name}" must be one of ${option.constraint.values.join(', ')}`);
  // Single-letter options (geometry) take their value as the next argument.
  return name.length === 1 ? [`-${name}`, value] : [`--${name}=${value}`];
}

function listOf(options: SaneOption[], name: string): string[] {
  const option = options.find((o) => o.name === name);
  return option?.constraint.kind === 'list' ? option.constraint.values : [];
}
