import { Socket } from 'node:net';

/** What a card program answers: its ATR, and a response (data + SW) to each C-APDU. */
export interface CardProgram {
  readonly atr: Uint8Array;
  /** Called on power on and reset: the card forgets its current file selection. */
  reset(): void;
  transmit(apdu: Uint8Array): Uint8Array;
}

export const vpcdPorts = { reader0: 35963, reader1: 35964 } as const;

/**
 * The card side of vsmartcard-vpcd: a TCP client to the virtual reader. Opening the connection
 * inserts the card, closing it removes it. Every message either way is a 2-byte big-endian
 * length and a payload; a 1-byte payload is a control byte (0 power off, 1 power on, 2 reset,
 * 4 request ATR — only 4 is answered), anything longer is a C-APDU.
 */
export class VirtualCardSlot {
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private program: CardProgram | null = null;
  /** When set, the card is pulled (socket destroyed) right after answering this many APDUs. */
  private pullAfter: number | null = null;
  apduCount = 0;
  readonly apduLog: string[] = [];

  constructor(
    readonly port: number,
    readonly host = '127.0.0.1',
  ) {}

  get inserted(): boolean {
    return this.socket !== null;
  }

  /** Inserts a card; resolves once vpcd has accepted the connection. */
  insert(program: CardProgram, options: { pullAfterApdus?: number } = {}): Promise<void> {
    if (this.socket) throw new Error(`a card is already in the slot on port ${this.port}`);
    this.program = program;
    this.pullAfter = options.pullAfterApdus ?? null;
    this.apduCount = 0;
    this.apduLog.length = 0;
    this.buffer = Buffer.alloc(0);
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      this.socket = socket;
      socket.once('error', (error) => {
        if (this.socket === socket) this.socket = null;
        reject(error);
      });
      socket.on('data', (chunk) => this.onData(socket, chunk));
      socket.on('close', () => {
        if (this.socket === socket) this.socket = null;
      });
      socket.connect(this.port, this.host, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {
          /* a reset by vpcd is a removal */
        });
        resolve();
      });
    });
  }

  /** Removes the card (closes the connection); resolves when the socket is closed. */
  remove(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private onData(socket: Socket, chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) return;
      const payload = this.buffer.subarray(2, 2 + length);
      this.buffer = this.buffer.subarray(2 + length);
      if (socket !== this.socket || !this.program) return;
      if (length === 1) {
        const control = payload[0];
        if (control === 4) this.send(socket, this.program.atr);
        else if (control === 1 || control === 2) this.program.reset();
        continue;
      }
      this.apduCount += 1;
      this.apduLog.push(Buffer.from(payload).toString('hex'));
      if (this.pullAfter !== null && this.apduCount > this.pullAfter) {
        // Pulled in the middle of a read: the APDU gets no answer.
        void this.remove();
        return;
      }
      this.send(socket, this.program.transmit(new Uint8Array(payload)));
    }
  }

  private send(socket: Socket, payload: Uint8Array): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length, 0);
    // One write: length and payload together avoid a Nagle round trip on the card side.
    socket.write(Buffer.concat([header, payload]));
  }
}
