import type { CardChannel } from '../../native/card/card-reader';
import { decodeEgk, EgkDecodeError } from '../../native/card/egk/egk-decode';
import type { EgkData } from '../contract';
import { EgkReadError, readEgkFiles, type EgkReadStats } from '../../native/card/egk/read-egk';

export type CardReadResult =
  | { ok: true; data: EgkData; stats: CardReadTiming }
  | { ok: false; failure: 'not-health-card' | 'unreadable' | 'io' | 'aborted'; detail: string; stats: CardReadTiming | null };

export interface CardReadTiming extends EgkReadStats {
  /** Whole read including decoding, ms. */
  totalMs: number;
  /** Software share: total minus the time waiting for the card, ms. */
  softwareMs: number;
}

/** Reads and decodes an eGK; every failure becomes a classified result, never an exception. */
export async function readHealthCard(channel: CardChannel, options: { signal?: AbortSignal; extendedLength?: boolean } = {}): Promise<CardReadResult> {
  const started = performance.now();
  let stats: EgkReadStats | null = null;
  const timing = (): CardReadTiming | null => {
    if (!stats) return null;
    const totalMs = performance.now() - started;
    return { ...stats, totalMs, softwareMs: totalMs - stats.cardIoMs };
  };
  try {
    const read = await readEgkFiles(channel, options);
    stats = read.stats;
    const data = decodeEgk(read.files);
    return { ok: true, data, stats: timing() as CardReadTiming };
  } catch (error) {
    if (error instanceof EgkReadError) return { ok: false, failure: error.failure, detail: error.detail, stats: timing() };
    if (error instanceof EgkDecodeError) return { ok: false, failure: 'unreadable', detail: error.message, stats: timing() };
    return { ok: false, failure: 'unreadable', detail: `unexpected ${error instanceof Error ? error.name : typeof error}`, stats: timing() };
  }
}
