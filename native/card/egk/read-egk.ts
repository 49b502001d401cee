import { PcscError, type CardChannel } from '../card-reader';
import { pdBytesNeeded, vdBytesNeeded } from './egk-decode';
import type { EgkFiles } from './egk-files';

/**
 * Reads the eGK's files over a card channel (contact interface, no PIN): EF.GDO and EF.Version2
 * from the MF, then EF.StatusVD, EF.PD and EF.VD from DF.HCA. Never EF.GVD.
 * With extended length each file is one APDU: 6 APDUs for a freshly inserted G2 card.
 */

export type EgkReadFailure =
  /** The card does not have the eGK's applications (another card, or not an eGK at all). */
  | 'not-health-card'
  /** The card answers, but a file cannot be read. */
  | 'unreadable'
  /** The transmission failed (card pulled, reader gone, daemon gone): the caller knows which. */
  | 'io'
  /** The caller gave up (card removed, station stopping). */
  | 'aborted';

export class EgkReadError extends Error {
  constructor(
    readonly failure: EgkReadFailure,
    readonly detail: string,
    readonly pcsc?: PcscError,
  ) {
    super(`${failure}: ${detail}`);
    this.name = 'EgkReadError';
  }
}

export interface EgkReadStats {
  apdus: number;
  /** Whether the files came in one APDU each (extended length). */
  extendedLength: boolean;
  /** Time spent waiting for the card (transmit), ms. */
  cardIoMs: number;
}

export interface EgkReadOptions {
  /** Try extended-length READ BINARY first (default true); short reads are the fallback anyway. */
  extendedLength?: boolean;
  signal?: AbortSignal;
  now?: () => number;
}

const aid = {
  mf: [0xd2, 0x76, 0x00, 0x01, 0x44, 0x80, 0x00],
  hca: [0xd2, 0x76, 0x00, 0x00, 0x01, 0x02],
};
const sfi = { gdo: 0x02, version: 0x10, version2: 0x11, pd: 0x01, vd: 0x02, statusVd: 0x0c } as const;
/** Short reads in chunks of 0xFC: fits the T=1 block size of every reader seen so far. */
const shortChunk = 0xfc;
const maxFile = 0x7fff;

const selectAid = (bytes: number[]) => Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, bytes.length, ...bytes]);

interface Response {
  data: Uint8Array;
  sw: number;
}

export async function readEgkFiles(channel: CardChannel, options: EgkReadOptions = {}): Promise<{ files: EgkFiles; stats: EgkReadStats }> {
  const now = options.now ?? (() => performance.now());
  const stats: EgkReadStats = { apdus: 0, extendedLength: options.extendedLength !== false, cardIoMs: 0 };

  const send = async (apdu: Uint8Array, maxResponse = 258): Promise<Response> => {
    if (options.signal?.aborted) throw new EgkReadError('aborted', 'read aborted');
    stats.apdus += 1;
    const started = now();
    let answer: Uint8Array;
    try {
      answer = await channel.transmit(apdu, maxResponse);
    } catch (error) {
      throw new EgkReadError('io', `transmit failed (${error instanceof PcscError ? error.failure : 'other'})`, error instanceof PcscError ? error : undefined);
    } finally {
      stats.cardIoMs += now() - started;
    }
    if (answer.length < 2) throw new EgkReadError('unreadable', 'answer without status word');
    return { data: answer.subarray(0, answer.length - 2), sw: (answer[answer.length - 2]! << 8) | answer[answer.length - 1]! };
  };

  const notAnEgk = (sw: number) => sw === 0x6a82 || sw === 0x6d00 || sw === 0x6e00 || sw === 0x6a86 || sw === 0x6881 || sw === 0x6999;
  const ok = (sw: number) => sw === 0x9000 || sw === 0x6282;

  const select = async (name: 'MF' | 'DF.HCA', bytes: number[]) => {
    const { sw } = await send(selectAid(bytes));
    if (sw === 0x9000) return;
    if (notAnEgk(sw)) throw new EgkReadError('not-health-card', `select ${name}: ${hex(sw)}`);
    throw new EgkReadError('unreadable', `select ${name}: ${hex(sw)}`);
  };

  /** A whole transparent EF by SFI: one extended APDU, or short reads up to what `needed` says. */
  const readFile = async (name: string, id: number, needed: (head: Uint8Array) => number | null): Promise<Uint8Array> => {
    if (stats.extendedLength) {
      const { data, sw } = await send(Uint8Array.from([0x00, 0xb0, 0x80 | id, 0x00, 0x00, 0x00, 0x00]), 65538);
      if (ok(sw)) return data;
      if (sw === 0x6a82) throw new EgkReadError('not-health-card', `${name}: file not found`);
      if (sw !== 0x6700 && (sw & 0xff00) !== 0x6c00) throw new EgkReadError('unreadable', `${name}: ${hex(sw)}`);
      // 6700/6Cxx: the card or reader does not take extended Le; read in short chunks from now on.
      stats.extendedLength = false;
    }
    const first = await send(Uint8Array.from([0x00, 0xb0, 0x80 | id, 0x00, shortChunk]));
    if (!ok(first.sw)) throw new EgkReadError(first.sw === 0x6a82 ? 'not-health-card' : 'unreadable', `${name}: ${hex(first.sw)}`);
    const chunks = [first.data];
    let length = first.data.length;
    const target = Math.min(needed(first.data) ?? maxFile, maxFile);
    let last = first;
    while (length < target && last.sw === 0x9000 && last.data.length === shortChunk) {
      const le = Math.min(shortChunk, target - length);
      last = await send(Uint8Array.from([0x00, 0xb0, length >> 8, length & 0xff, le]));
      if (last.sw === 0x6b00) break; // offset beyond the end: the file is complete
      if (!ok(last.sw)) throw new EgkReadError('unreadable', `${name} at ${length}: ${hex(last.sw)}`);
      chunks.push(last.data);
      length += last.data.length;
      if (last.data.length < le) break;
    }
    return concat(chunks, length);
  };

  // The MF is current after the card's reset; checking the answer saves the select in the usual case.
  let gdo = await send(Uint8Array.from([0x00, 0xb0, 0x80 | sfi.gdo, 0x00, 0x00]));
  if (!(ok(gdo.sw) && gdo.data[0] === 0x5a && gdo.data[1] === 0x0a)) {
    await select('MF', aid.mf);
    gdo = await send(Uint8Array.from([0x00, 0xb0, 0x80 | sfi.gdo, 0x00, 0x00]));
    if (!ok(gdo.sw)) throw new EgkReadError(notAnEgk(gdo.sw) ? 'not-health-card' : 'unreadable', `EF.GDO: ${hex(gdo.sw)}`);
  }
  const v2 = await send(Uint8Array.from([0x00, 0xb0, 0x80 | sfi.version2, 0x00, 0x00]));
  let version2: Uint8Array | null = null;
  let versionRecord3: Uint8Array | null = null;
  if (ok(v2.sw)) version2 = v2.data;
  else {
    const record = await send(Uint8Array.from([0x00, 0xb2, 0x03, (sfi.version << 3) | 0x04, 0x00]));
    if (ok(record.sw)) versionRecord3 = record.data;
  }

  await select('DF.HCA', aid.hca);
  const status = await send(Uint8Array.from([0x00, 0xb0, 0x80 | sfi.statusVd, 0x00, 25]));
  if (!ok(status.sw)) throw new EgkReadError('unreadable', `EF.StatusVD: ${hex(status.sw)}`);
  const pd = await readFile('EF.PD', sfi.pd, pdBytesNeeded);
  const vd = await readFile('EF.VD', sfi.vd, vdBytesNeeded);
  return { files: { gdo: gdo.data, version2, versionRecord3, statusVd: status.data, pd, vd }, stats };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function hex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
