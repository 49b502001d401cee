import { createRequire } from 'node:module';
import { classifyPcscError, PcscError, type CardChannel, type CardReader, type CardReaderBackend, type ReaderSnapshot, type WaitResult } from './card-reader';

/**
 * The adapter for the `smartcard` package (N-API, node-addon-api): it loads in Node and in
 * Electron without a per-Electron rebuild. See docs/card-reading.md for why this binding.
 * Only the few calls used here are typed, structurally, so the package stays optional.
 */
interface NativeReaderState {
  name: string;
  state: number;
  atr: Buffer | null;
}
interface NativeCard {
  readonly protocol: number;
  readonly connected: boolean;
  readonly atr: Buffer | null;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  getStatus(): { state: number; protocol: number; atr: Buffer };
  disconnect(disposition?: number): void;
}
interface NativeReader extends NativeReaderState {
  connect(shareMode?: number, protocol?: number): Promise<NativeCard>;
}
interface NativeContext {
  readonly isValid: boolean;
  listReaders(): NativeReader[];
  waitForChange(readers: { name: string; state: number }[], timeout?: number): Promise<NativeReaderState[] | null>;
  cancel(): void;
  close(): void;
}
export interface SmartcardModule {
  Context: new () => NativeContext;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_CHANGED: number;
  SCARD_STATE_MUTE: number;
}

/** Loads the binding; never throws. `load` is injectable for tests. */
export function smartcardBackend(load: () => unknown = () => createRequire(import.meta.url)('smartcard')): CardReaderBackend {
  let module: SmartcardModule;
  try {
    module = load() as SmartcardModule;
    if (typeof module?.Context !== 'function') throw new Error('the smartcard module has no Context');
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { available: false, reason: `PC/SC binding not available (smartcard: ${why})` };
  }
  return { available: true, binding: 'smartcard', open: () => new SmartcardReader(module) };
}

class SmartcardReader implements CardReader {
  private readonly context: NativeContext;

  constructor(private readonly sc: SmartcardModule) {
    try {
      this.context = new sc.Context();
    } catch (error) {
      throw classifyPcscError(error);
    }
  }

  private snapshot(native: NativeReaderState): ReaderSnapshot {
    const state = native.state >>> 0;
    return {
      name: native.name,
      present: (state & this.sc.SCARD_STATE_PRESENT) !== 0,
      mute: (state & this.sc.SCARD_STATE_MUTE) !== 0,
      atr: native.atr && native.atr.length > 0 ? new Uint8Array(native.atr) : null,
      // The caller hands this back as "known": without the CHANGED bit, as pcsc-lite expects.
      state: (state & ~this.sc.SCARD_STATE_CHANGED) >>> 0,
      counter: state >>> 16,
    };
  }

  listReaders(): ReaderSnapshot[] {
    try {
      return this.context.listReaders().map((r) => this.snapshot(r));
    } catch (error) {
      throw classifyPcscError(error);
    }
  }

  async waitForChange(known: { name: string; state: number }[], timeoutMs: number): Promise<WaitResult> {
    let result: NativeReaderState[] | null;
    try {
      result = await this.context.waitForChange(known, timeoutMs);
    } catch (error) {
      const classified = classifyPcscError(error);
      if (classified.failure === 'timeout') return { kind: 'timeout' };
      if (classified.failure === 'cancelled') return { kind: 'cancelled' };
      throw classified;
    }
    if (result === null) return { kind: 'cancelled' };
    if (result.length === 0) return { kind: 'timeout' };
    return { kind: 'changed', readers: result.map((r) => this.snapshot(r)) };
  }

  cancel(): void {
    try {
      this.context.cancel();
    } catch {
      // A context whose daemon is gone cannot be cancelled; the wait ends with an error anyway.
    }
  }

  /**
   * Each connection gets a context of its own. pcsc-lite serialises the calls on one context,
   * and some of the binding's calls are synchronous (listReaders, disconnect): on a shared
   * context they would block the event loop behind another card's pending transmit, and two
   * readers could not be read in parallel.
   */
  async connect(readerName: string): Promise<CardChannel> {
    const sc = this.sc;
    let context: NativeContext;
    let card: NativeCard;
    try {
      context = new sc.Context();
    } catch (error) {
      throw classifyPcscError(error);
    }
    try {
      const reader = context.listReaders().find((r) => r.name === readerName);
      if (!reader) throw new PcscError('reader-unavailable', 'Reader unavailable');
      card = await reader.connect(sc.SCARD_SHARE_SHARED, sc.SCARD_PROTOCOL_T1 | sc.SCARD_PROTOCOL_T0);
    } catch (error) {
      context.close();
      throw classifyPcscError(error);
    }
    const atr = card.atr ? new Uint8Array(card.atr) : new Uint8Array(0);
    const protocol = card.protocol === sc.SCARD_PROTOCOL_T1 ? 'T=1' : card.protocol === sc.SCARD_PROTOCOL_T0 ? 'T=0' : 'other';
    let open = true;
    return {
      reader: readerName,
      atr,
      protocol,
      async transmit(apdu, maxResponse = 258) {
        if (!open) throw new PcscError('card-removed', 'Card is not connected');
        try {
          return new Uint8Array(await card.transmit(Buffer.from(apdu.buffer, apdu.byteOffset, apdu.byteLength), { maxRecvLength: maxResponse }));
        } catch (error) {
          throw classifyPcscError(error);
        }
      },
      disconnect() {
        if (!open) return;
        open = false;
        try {
          card.disconnect(sc.SCARD_LEAVE_CARD);
        } catch {
          // Already gone (card removed, daemon restarted): nothing left to release.
        }
        try {
          context.close();
        } catch {
          // Released either way.
        }
      },
    };
  }

  close(): void {
    try {
      this.context.close();
    } catch {
      // Closing a context of a dead daemon may fail; it is released either way.
    }
  }
}
