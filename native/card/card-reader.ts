/**
 * PC/SC access behind a small interface, so that the supervisor and the eGK reader can be
 * tested without hardware and the binding can be swapped. One `CardReader` is one PC/SC
 * context; it becomes useless when pcscd goes away and is then replaced, never repaired.
 */

/** A reader's state as PC/SC reports it. `counter` is the event counter pcsc-lite keeps in the upper 16 bits. */
export interface ReaderSnapshot {
  name: string;
  present: boolean;
  /** Card in the reader but not answering (SCARD_STATE_MUTE). */
  mute: boolean;
  atr: Uint8Array | null;
  /** The raw state word, handed back to `waitForChange` as the state the caller knows. */
  state: number;
  counter: number;
}

/** Pseudo-reader name that reports changes of the reader list (pcsc-lite and WinSCard). */
export const pnpNotification = '\\\\?PnP?\\Notification';

export type WaitResult = { kind: 'changed'; readers: ReaderSnapshot[] } | { kind: 'timeout' } | { kind: 'cancelled' };

export interface CardReader {
  /** Names and states of the attached readers; [] when there is none. */
  listReaders(): ReaderSnapshot[];
  /**
   * Waits until a watched reader's state differs from `known` (or the reader list changes, via
   * `pnpNotification`). `known` carries the state words last seen.
   */
  waitForChange(known: { name: string; state: number }[], timeoutMs: number): Promise<WaitResult>;
  /** Ends a pending `waitForChange` with `cancelled`. */
  cancel(): void;
  /**
   * Connects to the card in a reader: shared mode, T=1 (T=0 accepted if the card offers only
   * that). The connection uses a PC/SC context of its own and releases it on disconnect.
   */
  connect(reader: string): Promise<CardChannel>;
  close(): void;
}

/** A connection to the card in one reader. */
export interface CardChannel {
  readonly reader: string;
  readonly atr: Uint8Array;
  readonly protocol: 'T=0' | 'T=1' | 'other';
  /** Sends a C-APDU; the answer is data + SW1 SW2. `maxResponse` sizes the receive buffer (extended length). */
  transmit(apdu: Uint8Array, maxResponse?: number): Promise<Uint8Array>;
  disconnect(): void;
}

/** How a PC/SC failure is classified; the message of the binding stays out of the UI. */
export type PcscFailure =
  | 'no-service'
  | 'no-readers'
  | 'reader-unavailable'
  | 'card-removed'
  | 'no-card'
  | 'unresponsive'
  | 'sharing-violation'
  | 'timeout'
  | 'cancelled'
  | 'not-transacted'
  | 'other';

export class PcscError extends Error {
  constructor(
    readonly failure: PcscFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PcscError';
  }
}

/**
 * The binding reports PC/SC errors as plain `Error`s with pcsc-lite's text (no code), so they
 * are classified by message. Unknown texts become `other`.
 */
export function classifyPcscError(error: unknown): PcscError {
  if (error instanceof PcscError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const text = message.toLowerCase();
  const failure: PcscFailure =
    text.includes('service not running') || text.includes('service stopped') || text.includes('no service') || text.includes('communication error') || text.includes('context is not valid') || text.includes('invalid handle')
      ? 'no-service'
      : text.includes('no readers')
        ? 'no-readers'
        : text.includes('reader unavailable') || text.includes('unknown reader')
          ? 'reader-unavailable'
          : text.includes('removed') || text.includes('card is not connected') || text.includes('card was reset')
            ? 'card-removed'
            : text.includes('no smart card')
              ? 'no-card'
              : text.includes('unresponsive') || text.includes('unpowered') || text.includes('not supported')
                ? 'unresponsive'
                : text.includes('sharing violation')
                  ? 'sharing-violation'
                  : text.includes('timed out')
                    ? 'timeout'
                    : text.includes('cancelled')
                      ? 'cancelled'
                      : text.includes('transaction failed')
                        ? 'not-transacted'
                        : 'other';
  return new PcscError(failure, message);
}

/** The result of looking for a PC/SC binding: either a way to open contexts, or why there is none. */
export type CardReaderBackend = { available: true; binding: string; open: () => CardReader } | { available: false; reason: string };
