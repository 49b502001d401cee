import { parseArgs } from 'node:util';
import type { CardReaderBackend } from '../../../native/card/card-reader';
import { CardSupervisor, type SupervisorEvent } from '../../../native/card/card-supervisor';
import { smartcardBackend } from '../../../native/card/smartcard-backend';
import { CardSessionService } from '../../card/card-session-service';
import { ConfigError } from '../../config/station-config';
import type { CardRemoved, CardSession, InsuredAddress } from '../../contract';
import { createLogger, stderrSink } from '../../runtime/logger';
import { exitCode, type CliCommand, type CliIo } from '../command';
import { resolveConfig } from '../../station/station-context';

/** Exit codes of `station card` (shared codes 0-3 in ../command.ts). */
export const cardExitCode = {
  noService: 10,
  noReader: 11,
  notHealthCard: 12,
  unreadable: 13,
  noCard: 14,
  rejected: 15,
} as const;

const usage = [
  'station card read [--reader NAME] [--json] [--timeout S] [--config FILE]',
  '       station card watch [--reader NAME] [--json] [--timeout S]',
  '',
  'read waits for a card (default 30 s), reads it and prints the insured person\'s data;',
  'watch prints readers and cards coming and going (no card data) until Ctrl+C or --timeout.',
  '',
  'Exit codes: 0 read and accepted, 2 usage, 1 configuration error,',
  `  ${cardExitCode.noService} no PC/SC service (pcscd not running, or the PC/SC binding is missing),`,
  `  ${cardExitCode.noReader} no card reader (or not the one named by --reader),`,
  `  ${cardExitCode.notHealthCard} the card is not a health card (eGK),`,
  `  ${cardExitCode.unreadable} the card cannot be read (damaged data, mute, or pulled during the read),`,
  `  ${cardExitCode.noCard} no card inserted before the timeout,`,
  `  ${cardExitCode.rejected} read, but not accepted (invalid KVNR, cover not started or ended, other insurer).`,
].join('\n');

export function createCardCommand(backend: () => CardReaderBackend = smartcardBackend): CliCommand {
  return {
    name: 'card',
    summary: 'Read an eGK from a card reader, or watch readers and cards',
    usage,
    async run(args, io) {
      const [sub, ...rest] = args;
      try {
        if (sub === 'read') return await read(rest, io, backend());
        if (sub === 'watch') return await watch(rest, io, backend());
      } catch (error) {
        if (error instanceof ConfigError) {
          io.stderr(`${error.message}\n`);
          return exitCode.failure;
        }
        throw error;
      }
      io.stderr(`Usage: ${usage}\n`);
      return exitCode.usage;
    },
  };
}

export const cardCommand = createCardCommand();

const options = {
  reader: { type: 'string' },
  json: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  config: { type: 'string' },
} as const;

function seconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw Object.assign(new TypeError(`--timeout must be a positive number of seconds, got "${value}"`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  return n;
}

function describeReaders(names: string[]): string {
  return names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
}

async function read(args: string[], io: CliIo, backend: CardReaderBackend): Promise<number> {
  const { values } = parseArgs({ args, options, strict: true });
  const timeoutMs = seconds(values.timeout, 30) * 1000;
  const loaded = resolveConfig(values.config, io.env);
  const wanted = values.reader ?? loaded.config.card.reader;
  const supervisor = new CardSupervisor({ backend, retryMs: 500 });
  let settled: CardSession | null = null;
  let removedDuringRead: CardRemoved | null = null;
  let wake = () => {};
  const service = new CardSessionService({
    supervisor,
    publish: (name, payload) => {
      if (name === 'cardSessions') {
        const done = (payload as { sessions: CardSession[] }).sessions.find((s) => s.state !== 'reading');
        if (done) settled ??= done;
      }
      if (name === 'cardRemoved' && (payload as CardRemoved).duringRead) removedDuringRead ??= payload as CardRemoved;
      wake();
    },
    policy: { insurerIks: loaded.config.card.insurerIks },
    reader: wanted,
    log: createLogger('station.card', stderrSink, 'warn'),
  });
  const stateChanged = new Promise<void>((resolve) => {
    const off = supervisor.on((e) => {
      if (e.type === 'state') {
        off();
        resolve();
      }
    });
  });
  service.start();
  try {
    await stateChanged;
    const state = supervisor.state;
    if (state.kind === 'binding-unavailable' || state.kind === 'no-service') {
      io.stderr(state.kind === 'binding-unavailable' ? `${state.reason}\n` : 'No PC/SC service: pcscd is not running (start it, or check the smart card service).\n');
      return cardExitCode.noService;
    }
    if (state.kind !== 'running') return cardExitCode.noService;
    const readers = state.readers.map((r) => r.name);
    if (readers.length === 0 || (wanted && !readers.includes(wanted))) {
      io.stderr(wanted ? `No reader "${wanted}"; readers: ${describeReaders(readers)}.\n` : 'No card reader attached.\n');
      return cardExitCode.noReader;
    }
    if (!state.readers.some((r) => r.present && (!wanted || r.name === wanted))) {
      io.stderr(`Waiting up to ${timeoutMs / 1000} s for a card in ${wanted ? `"${wanted}"` : describeReaders(readers)} …\n`);
    }
    const finished = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      wake = () => {
        if (settled || removedDuringRead) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      wake();
    });
    if (!finished) {
      io.stderr('No card was inserted before the timeout.\n');
      return cardExitCode.noCard;
    }
    return report(settled, removedDuringRead, values.json, io);
  } finally {
    await service.stop();
  }
}

function report(session: CardSession | null, removed: CardRemoved | null, json: boolean, io: CliIo): number {
  if (!session) {
    const reader = removed?.reader ?? '?';
    if (json) io.stdout(`${JSON.stringify({ reader, state: 'removed-during-read' }, null, 2)}\n`);
    else io.stderr(`The card was removed from "${reader}" before it was read completely.\n`);
    return cardExitCode.unreadable;
  }
  if (json) io.stdout(`${JSON.stringify(session, null, 2)}\n`);
  if (session.state === 'ready') {
    if (!json) io.stdout(describeSession(session));
    return exitCode.ok;
  }
  if (session.state !== 'rejected') return cardExitCode.unreadable;
  if (!json) io.stdout(`Card in "${session.reader}": ${rejectionText(session)}${session.detail ? ` (${session.detail})` : ''}\n`);
  return session.reason === 'not-health-card' ? cardExitCode.notHealthCard : session.reason === 'unreadable' ? cardExitCode.unreadable : cardExitCode.rejected;
}

function rejectionText(session: Extract<CardSession, { state: 'rejected' }>): string {
  switch (session.reason) {
    case 'not-health-card':
      return 'not a health card (eGK)';
    case 'unreadable':
      return 'cannot be read';
    case 'invalid-kvnr':
      return 'the insurance number (KVNR) on the card is invalid';
    case 'cover-not-started':
      return `insurance cover starts on ${session.coverStart}`;
    case 'cover-ended':
      return `insurance cover ended on ${session.coverEnd}`;
    case 'insurer-not-accepted':
      return `insured with ${session.insurerName ?? 'another insurer'}, not served at this station`;
  }
}

function describeAddress(a: InsuredAddress | null): string {
  if (!a) return '(none on the card)';
  const country = a.countryCode === 'D' ? '' : `, ${a.countryCode}`;
  return a.kind === 'street'
    ? `${a.street}${a.houseNumber ? ` ${a.houseNumber}` : ''}${a.addition ? `, ${a.addition}` : ''}, ${a.postalCode} ${a.city}${country}`
    : `Postfach ${a.postBox}, ${a.postalCode} ${a.city}${country}`;
}

function describeSession(s: Extract<CardSession, { state: 'ready' }>): string {
  const p = s.person;
  const name = [p.title, p.firstName, p.nameSuffix, p.namePrefix, p.lastName].filter(Boolean).join(' ');
  const c = s.cover;
  return [
    `Card in "${s.reader}": read`,
    `  insured person  ${name}`,
    `  KVNR            ${p.kvnr}`,
    `  born            ${p.birthDate}, sex ${p.sex}`,
    `  address         ${describeAddress(p.address)}`,
    `  insurer         ${c.insurerName} (IK ${c.insurerIk})`,
    `  cover           from ${c.coverStart}${c.coverEnd ? ` to ${c.coverEnd}` : ''}, insured type ${c.insuredTypeCode} (${c.insuredType})`,
    `  card            ${s.card.generation}, ICCSN ${s.card.iccsn} (last four ${s.card.iccsnLastFour}), schema ${s.card.schemaVersion}, data of ${s.card.statusVdTimestamp ?? 'unknown date'}${s.card.updatePending ? ', update pending' : ''}`,
    '',
  ].join('\n');
}

async function watch(args: string[], io: CliIo, backend: CardReaderBackend): Promise<number> {
  const { values } = parseArgs({ args, options, strict: true });
  const limitMs = values.timeout === undefined ? null : seconds(values.timeout, 0) * 1000;
  const supervisor = new CardSupervisor({ backend, retryMs: 1000 });
  const print = (event: SupervisorEvent) => {
    if ('reader' in event && values.reader && event.reader !== values.reader) return;
    const at = new Date().toISOString();
    const line =
      event.type === 'state'
        ? { at, event: 'state', state: event.state.kind, ...(event.state.kind === 'running' ? { readers: event.state.readers.map((r) => r.name) } : {}), ...(event.state.kind === 'binding-unavailable' ? { reason: event.state.reason } : {}) }
        : event.type === 'card-inserted'
          ? { at, event: event.type, reader: event.reader, atr: event.atr ? Buffer.from(event.atr).toString('hex').toUpperCase() : null, ...(event.mute ? { mute: true } : {}) }
          : { at, event: event.type, reader: event.reader };
    io.stdout(values.json ? `${JSON.stringify(line)}\n` : `${Object.values(line).map((v) => (Array.isArray(v) ? describeReaders(v) : String(v))).join('  ')}\n`);
  };
  supervisor.on(print);
  supervisor.start();
  if (supervisor.state.kind === 'binding-unavailable') return cardExitCode.noService;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    if (limitMs !== null) setTimeout(stop, limitMs);
  });
  await supervisor.stop();
  return exitCode.ok;
}
