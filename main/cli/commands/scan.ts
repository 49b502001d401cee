import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/station-config';
import { hotFolderPath } from '../../scanning/create-scanner-service';
import { createScanners } from '../../../native/scanner/create-scanners';
import { HotFolderWatcher } from '../../../native/scanner/hot-folder/hot-folder-watcher';
import type { BatchEvent, BatchRequest, Scanner } from '../../../native/scanner/scanner';
import { parseDeviceId, ScannerError } from '../../../native/scanner/scanner';
import { nodeUsbInventory } from '../../../native/usb/node-usb-inventory';
import { exitCode, type CliCommand, type CliIo } from '../command';
import { resolveConfig } from '../../station/station-context';

const cancelledExit = 10;

const usage = [
  'station scan devices [--config FILE] [--json]',
  '       station scan batch [--device ID] [--source ADF|Flatbed] [--duplex] [--resolution DPI] [--mode MODE] [--pages N] [--format pnm|png|tiff|jpeg] [--out DIR] [--config FILE]',
  '       station scan watch --folder DIR [--stable-ms MS] [--max-files N]',
].join('\n');

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'List scanners and the USB inventory, scan a batch, or watch a hot folder',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    try {
      if (sub === 'devices') return await devices(rest, io);
      if (sub === 'batch') return await batch(rest, io);
      if (sub === 'watch') return await watchFolder(rest, io);
    } catch (error) {
      if (error instanceof ConfigError || error instanceof ScannerError) {
        io.stderr(`${error.message}\n`);
        return exitCode.failure;
      }
      throw error;
    }
    io.stderr(`Usage: ${usage}\n`);
    return exitCode.usage;
  },
};

function scannersFor(configArg: string | undefined, io: CliIo): Scanner[] {
  const loaded = resolveConfig(configArg, io.env);
  const hotFolder = hotFolderPath(loaded);
  return createScanners({ platform: process.platform, sane: loaded.config.scanner.sane ? { env: io.env } : false, hotFolder: hotFolder ? { folder: hotFolder } : null });
}

async function devices(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const found = [];
  const problems: string[] = [];
  for (const scanner of scannersFor(values.config, io)) {
    try {
      for (const device of await scanner.listDevices()) found.push({ ...device, ...(await scanner.capabilities(device.id)) });
    } catch (error) {
      problems.push(`${scanner.adapter}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const inventory = await nodeUsbInventory().list();
  if (values.json) {
    io.stdout(`${JSON.stringify({ scanners: found, problems, usb: inventory }, null, 2)}\n`);
    return exitCode.ok;
  }
  io.stdout(found.length === 0 ? 'Scanners: none found\n' : 'Scanners:\n');
  for (const d of found) {
    const sources = d.sources.map((s) => `${s.name} (${s.kind})`).join(', ') || 'one source';
    io.stdout(`  ${d.id}  ${d.vendor} ${d.model}, ${d.type}\n    sources: ${sources}${d.duplex ? ', duplex' : ''}${d.modes.length ? `; modes: ${d.modes.join(', ')}` : ''}\n`);
  }
  for (const p of problems) io.stdout(`  ! ${p}\n`);
  if (!inventory.available) io.stdout(`USB inventory: not available (${inventory.reason})\n`);
  else {
    io.stdout(`USB inventory: ${inventory.devices.length === 0 ? 'no card readers or scanners attached' : ''}\n`);
    for (const d of inventory.devices) io.stdout(`  ${d.kind} ${d.usbId} ${d.manufacturer ?? ''} ${d.product ?? ''} [${d.basis}] at ${d.location ?? '?'}\n`);
  }
  return exitCode.ok;
}

async function batch(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      device: { type: 'string' },
      source: { type: 'string' },
      duplex: { type: 'boolean', default: false },
      resolution: { type: 'string' },
      mode: { type: 'string' },
      pages: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const source = values.source === undefined ? undefined : ({ adf: 'adf', flatbed: 'flatbed' } as const)[values.source.toLowerCase() as 'adf' | 'flatbed'];
  const format = values.format as BatchRequest['format'] | undefined;
  if ((values.source !== undefined && !source) || (format !== undefined && !['pnm', 'png', 'tiff', 'jpeg'].includes(format))) {
    io.stderr(`Usage: ${usage}\n`);
    return exitCode.usage;
  }
  const scanners = scannersFor(values.config, io);
  let deviceId = values.device;
  if (!deviceId) {
    const sane = scanners.find((s) => s.adapter === 'sane');
    deviceId = sane ? (await sane.listDevices())[0]?.id : undefined;
    if (!deviceId) {
      io.stderr('No scanner found; name one with --device\n');
      return exitCode.failure;
    }
  }
  const scanner = scanners.find((s) => s.adapter === parseDeviceId(deviceId).adapter);
  if (!scanner) {
    io.stderr(`No adapter for ${deviceId} on this station\n`);
    return exitCode.failure;
  }
  const request: BatchRequest = {
    deviceId,
    source,
    duplex: values.duplex || undefined,
    resolution: values.resolution === undefined ? undefined : Number(values.resolution),
    mode: values.mode,
    maxPages: values.pages === undefined ? undefined : Number(values.pages),
    format,
    outDir: values.out,
  };
  const running = scanner.startBatch(request, (event) => io.stdout(describeEvent(event)));
  const onSignal = () => running.cancel();
  process.once('SIGINT', onSignal);
  const result = await running.done.finally(() => process.off('SIGINT', onSignal));
  io.stdout(`Batch ${result.end}: ${result.pages.length} page(s)${result.outDir ? ` in ${result.outDir}` : ''}\n`);
  if (result.error) io.stderr(`${result.error.message}\n`);
  if (result.end === 'failed') return exitCode.failure;
  return result.end === 'cancelled' ? cancelledExit : exitCode.ok;
}

function describeEvent(event: BatchEvent): string {
  switch (event.type) {
    case 'page-started':
      return `page ${event.page}: scanning\n`;
    case 'page-progress':
      return `page ${event.page}: ${event.percent}%\n`;
    case 'page-scanned':
      return `page ${event.page.page}: done, ${event.page.path} (${event.page.sizeBytes} bytes)\n`;
    case 'page-rejected':
      return `rejected ${event.file}: ${event.reason}\n`;
  }
}

async function watchFolder(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { folder: { type: 'string' }, 'stable-ms': { type: 'string' }, 'max-files': { type: 'string' } }, strict: true });
  if (!values.folder) {
    io.stderr(`Usage: ${usage}\n`);
    return exitCode.usage;
  }
  const maxFiles = values['max-files'] === undefined ? Infinity : Number(values['max-files']);
  let count = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const counted = () => {
    count += 1;
    if (count >= maxFiles) finish();
  };
  const watcher = new HotFolderWatcher({
    folder: values.folder,
    stableMs: values['stable-ms'] === undefined ? undefined : Number(values['stable-ms']),
    onFile: (f) => {
      io.stdout(`taken ${f.originalName} (${f.kind}, ${f.sizeBytes} bytes) -> ${f.path}\n`);
      counted();
    },
    onReject: (f) => {
      io.stdout(`rejected ${f.originalName}: ${f.reason} -> ${f.path}\n`);
      counted();
    },
    onState: (state, detail) =>
      io.stdout(state === 'watching' ? `watching ${values.folder}\n` : state === 'unsafe' ? `unsafe, nothing is taken: ${detail}\n` : `folder missing, waiting for it: ${values.folder}\n`),
  });
  process.once('SIGINT', finish);
  watcher.start();
  await finished;
  process.off('SIGINT', finish);
  await watcher.stop();
  return exitCode.ok;
}
