import { gzipSync } from 'node:zlib';

/**
 * Builders for the bytes of eGK files, as the card stores them (layouts in
 * docs/egk-card.md): gzip-compressed XML in ISO-8859-15 behind the file headers.
 */

const iso885915Differences: Record<string, number> = { '€': 0xa4, 'Š': 0xa6, 'š': 0xa8, 'Ž': 0xb4, 'ž': 0xb8, 'Œ': 0xbc, 'œ': 0xbd, 'Ÿ': 0xbe };

/** Encodes text as ISO-8859-15; throws on a character the encoding cannot hold. */
export function encodeIso885915(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let i = 0;
  for (const ch of text) {
    const special = iso885915Differences[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (special !== undefined) out[i++] = special;
    else if (code < 0x100 && ![0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe].includes(code)) out[i++] = code;
    else throw new Error(`character U+${code.toString(16)} has no ISO-8859-15 code`);
  }
  return out.subarray(0, i);
}

function padTo(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length >= size) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}

export function gzipIso(xml: string): Uint8Array {
  return new Uint8Array(gzipSync(encodeIso885915(xml)));
}

/** EF.PD: 2-byte big-endian length of the gzip stream (optionally counting the 2 header bytes), the stream, zero padding. */
export function pdFile(xml: string, options: { lengthIncludesHeader?: boolean; fileSize?: number; gzip?: Uint8Array } = {}): Uint8Array {
  const gz = options.gzip ?? gzipIso(xml);
  const length = gz.length + (options.lengthIncludesHeader ? 2 : 0);
  const out = new Uint8Array(2 + gz.length);
  out[0] = length >> 8;
  out[1] = length & 0xff;
  out.set(gz, 2);
  return padTo(out, options.fileSize ?? 850);
}

/** EF.VD: 8 bytes of big-endian offsets (VD start, VD end, GVD start, GVD end; ends inclusive unless told), the streams, padding. */
export function vdFile(xml: string, options: { gvdXml?: string; exclusiveEnds?: boolean; fileSize?: number; gzip?: Uint8Array } = {}): Uint8Array {
  const vd = options.gzip ?? gzipIso(xml);
  const gvd = options.gvdXml ? gzipIso(options.gvdXml) : new Uint8Array(0);
  const endAdjust = options.exclusiveEnds ? 0 : 1;
  const vdStart = 8;
  const vdEnd = vdStart + vd.length - endAdjust;
  const gvdStart = vdStart + vd.length;
  const gvdEnd = gvdStart + gvd.length - (gvd.length ? endAdjust : 0);
  const out = new Uint8Array(8 + vd.length + gvd.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, vdStart);
  view.setUint16(2, vdEnd);
  view.setUint16(4, gvd.length ? gvdStart : 0);
  view.setUint16(6, gvd.length ? gvdEnd : 0);
  out.set(vd, 8);
  out.set(gvd, gvdStart);
  return padTo(out, options.fileSize ?? 1250);
}

/** EF.StatusVD (25 bytes): '0'/'1' update flag, 14 ASCII timestamp digits, 5 bytes BCD schema version, 5 reserved. */
export function statusVdFile(timestamp: string, schemaVersion: string, updatePending = false): Uint8Array {
  if (!/^\d{14}$/.test(timestamp)) throw new Error('timestamp must be YYYYMMDDhhmmss');
  const [major, minor, patch] = schemaVersion.split('.').map(Number) as [number, number, number];
  const bcd = `${String(major).padStart(3, '0')}${String(minor).padStart(3, '0')}${String(patch).padStart(4, '0')}`;
  const out = new Uint8Array(25);
  out[0] = updatePending ? 0x31 : 0x30;
  for (let i = 0; i < 14; i++) out[1 + i] = timestamp.charCodeAt(i);
  for (let i = 0; i < 5; i++) out[15 + i] = (Number(bcd[2 * i]) << 4) | Number(bcd[2 * i + 1]);
  return out;
}

/** EF.GDO: tag 5A, length 0A, the 20-digit ICCSN in BCD. */
export function gdoFile(iccsn: string): Uint8Array {
  if (!/^\d{20}$/.test(iccsn)) throw new Error('ICCSN must be 20 digits');
  const out = new Uint8Array(12);
  out[0] = 0x5a;
  out[1] = 0x0a;
  for (let i = 0; i < 10; i++) out[2 + i] = (Number(iccsn[2 * i]) << 4) | Number(iccsn[2 * i + 1]);
  return out;
}

/** EF.Version2 as this product reads it: TLV 'EF' holding 'C0' = object-system version (3 bytes). */
export function version2File(version: [number, number, number]): Uint8Array {
  return Uint8Array.from([0xef, 0x05, 0xc0, 0x03, ...version]);
}

/** One EF.Version record: a version as 5 bytes BCD, xxx.yyy.zzzz. */
export function versionRecord(version: string): Uint8Array {
  return statusVdFile('00000000000000', version).subarray(15, 20);
}
