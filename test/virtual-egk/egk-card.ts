import type { CardProgram } from './vpcd-link';

/** The files of one card image; a card without `hca` is not a health card. */
export interface CardImage {
  atr: Uint8Array;
  mf: { gdo?: Uint8Array; version2?: Uint8Array; versionRecords?: Uint8Array[] };
  hca?: { pd: Uint8Array; vd: Uint8Array; statusVd: Uint8Array; gvd: Uint8Array };
  /** Whether the card accepts extended-length READ BINARY (default true); false answers 6700. */
  extendedLength?: boolean;
}

/** Appends the check byte TCK (XOR of T0 … last historical byte), required when T=1 is offered. */
function withTck(bytes: number[]): Uint8Array {
  return Uint8Array.from([...bytes, bytes.slice(1).reduce((a, b) => a ^ b, 0)]);
}

export const atrs = {
  /** eGK G2: recognised as an eGK by pcsc_scan. */
  egkG2: Uint8Array.from(Buffer.from('3BD396FF81B1FE451F078081052D', 'hex')),
  /** A bank card: T=0 and T=1 offered, 8 historical bytes of a payment card. */
  bankCard: withTck([0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x83, 0x95, 0x00]),
};

const aid = { mf: 'd2760001448000', hca: 'd27600000102' };

type Ef = { data: Uint8Array; protected?: boolean } | { records: Uint8Array[] };

const sw = (a: number, b: number) => Uint8Array.from([a, b]);
const withSw = (data: Uint8Array, a: number, b: number) => {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = a;
  out[data.length + 1] = b;
  return out;
};

/**
 * An eGK's contact-interface object system as far as this product touches it: MF and DF.HCA
 * selected by AID, READ BINARY by SFI or offset (short and extended Le), READ RECORD, with the
 * status words the reader must handle. EF.GVD answers 6982 (security status not satisfied).
 */
export class EgkCardProgram implements CardProgram {
  private currentDf: 'MF' | 'HCA' = 'MF';
  private currentEf: Ef | null = null;
  private readonly dfs: Record<'MF' | 'HCA', Map<number, Ef>>;

  constructor(readonly image: CardImage) {
    const mf = new Map<number, Ef>();
    if (image.mf.gdo) mf.set(0x02, { data: image.mf.gdo });
    if (image.mf.version2) mf.set(0x11, { data: image.mf.version2 });
    if (image.mf.versionRecords) mf.set(0x10, { records: image.mf.versionRecords });
    const hca = new Map<number, Ef>();
    if (image.hca) {
      hca.set(0x01, { data: image.hca.pd });
      hca.set(0x02, { data: image.hca.vd });
      hca.set(0x03, { data: image.hca.gvd, protected: true });
      hca.set(0x0c, { data: image.hca.statusVd });
    }
    this.dfs = { MF: mf, HCA: hca };
  }

  get atr(): Uint8Array {
    return this.image.atr;
  }

  reset(): void {
    this.currentDf = 'MF';
    this.currentEf = null;
  }

  transmit(apdu: Uint8Array): Uint8Array {
    if (apdu.length < 4) return sw(0x67, 0x00);
    const [cla, ins, p1, p2] = apdu as unknown as [number, number, number, number];
    if (cla !== 0x00) return sw(0x6e, 0x00);
    switch (ins) {
      case 0xa4:
        return this.select(p1, apdu);
      case 0xb0:
        return this.readBinary(p1, p2, apdu);
      case 0xb2:
        return this.readRecord(p1, p2);
      default:
        return sw(0x6d, 0x00);
    }
  }

  private select(p1: number, apdu: Uint8Array): Uint8Array {
    if (p1 !== 0x04 || apdu.length < 5) return sw(0x6a, 0x86);
    const data = Buffer.from(apdu.subarray(5, 5 + (apdu[4] ?? 0))).toString('hex');
    if (data === aid.mf && this.image.mf.gdo) {
      this.currentDf = 'MF';
      this.currentEf = null;
      return sw(0x90, 0x00);
    }
    if (data === aid.hca && this.image.hca) {
      this.currentDf = 'HCA';
      this.currentEf = null;
      return sw(0x90, 0x00);
    }
    return sw(0x6a, 0x82);
  }

  private le(apdu: Uint8Array): number | 'wrong-length' | 'extended-not-supported' {
    if (apdu.length === 5) return apdu[4] === 0 ? 256 : (apdu[4] as number);
    if (apdu.length === 7 && apdu[4] === 0) {
      if (this.image.extendedLength === false) return 'extended-not-supported';
      const le = ((apdu[5] as number) << 8) | (apdu[6] as number);
      return le === 0 ? 65536 : le;
    }
    return 'wrong-length';
  }

  private readBinary(p1: number, p2: number, apdu: Uint8Array): Uint8Array {
    const le = this.le(apdu);
    if (typeof le !== 'number') return sw(0x67, 0x00);
    let offset: number;
    if (p1 & 0x80) {
      const ef = this.dfs[this.currentDf].get(p1 & 0x1f);
      if (!ef) return sw(0x6a, 0x82);
      this.currentEf = ef;
      offset = p2;
    } else {
      if (!this.currentEf) return sw(0x69, 0x86);
      offset = (p1 << 8) | p2;
    }
    const ef = this.currentEf;
    if (!('data' in ef)) return sw(0x69, 0x81);
    if (ef.protected) return sw(0x69, 0x82);
    if (offset > ef.data.length) return sw(0x6b, 0x00);
    const chunk = ef.data.subarray(offset, offset + le);
    return chunk.length < le ? withSw(chunk, 0x62, 0x82) : withSw(chunk, 0x90, 0x00);
  }

  private readRecord(record: number, p2: number): Uint8Array {
    if ((p2 & 0x07) !== 0x04) return sw(0x6a, 0x86);
    const ef = this.dfs[this.currentDf].get(p2 >> 3);
    if (!ef) return sw(0x6a, 0x82);
    if (!('records' in ef)) return sw(0x69, 0x81);
    const data = ef.records[record - 1];
    if (!data) return sw(0x6a, 0x83);
    this.currentEf = ef;
    return withSw(data, 0x90, 0x00);
  }
}
