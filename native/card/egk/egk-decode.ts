import { gunzipSync } from 'node:zlib';
import type { EgkData, HealthCardFacts } from '../../../main/contract/card';
import type { EgkFiles } from './egk-files';
import { parseInsurance, parsePerson } from './vsd-xml';
import { parseXml } from './xml';

/** A file on the card that cannot be decoded. `detail` names the file and the problem, never its content. */
export class EgkDecodeError extends Error {
  constructor(
    readonly file: 'EF.GDO' | 'EF.StatusVD' | 'EF.PD' | 'EF.VD' | 'EF.Version',
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'EgkDecodeError';
  }
}

/** Bound for the unpacked XML: real documents are a few KB; this stops a gzip bomb. */
const maxXmlBytes = 64 * 1024;

/**
 * Unpacks the first candidate slice that is a complete gzip stream. Cards disagree whether
 * lengths and end offsets count the header or the last byte; a slice one byte too long can
 * take the first byte of the next stream, which gunzip reads as a broken second member.
 */
function gunzip(file: 'EF.PD' | 'EF.VD', candidates: Uint8Array[]): Uint8Array {
  let firstError: unknown;
  for (const bytes of candidates) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new EgkDecodeError(file, 'no gzip stream');
    try {
      // The default finishFlush reports a truncated stream instead of returning what it has.
      return gunzipSync(bytes, { maxOutputLength: maxXmlBytes });
    } catch (error) {
      firstError ??= error;
    }
  }
  throw new EgkDecodeError(file, `gzip: ${(firstError as NodeJS.ErrnoException).code ?? 'damaged stream'}`);
}

const decoders = { iso: new TextDecoder('iso-8859-15', { fatal: true }), utf8: new TextDecoder('utf-8', { fatal: true }) };

/** The XML is ISO-8859-15 as the card stores it; a declaration saying UTF-8 is honoured. */
export function decodeXmlText(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 100));
  const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1]?.toLowerCase();
  return declared === 'utf-8' || declared === 'utf8' ? decoders.utf8.decode(bytes) : decoders.iso.decode(bytes);
}

/** EF.PD: 2-byte big-endian length (with or without the 2 header bytes: tolerated), then gzip. */
export function unpackPd(file: Uint8Array): Uint8Array {
  if (file.length < 2) throw new EgkDecodeError('EF.PD', 'file too short');
  const length = (file[0]! << 8) | file[1]!;
  if (length < 20) throw new EgkDecodeError('EF.PD', 'length field too small');
  if (length > file.length) throw new EgkDecodeError('EF.PD', 'file ends before the announced length');
  return gunzip('EF.PD', [file.subarray(2, Math.min(2 + length, file.length)), file.subarray(2, length)]);
}

/** EF.VD: offsets of VD start/end and GVD start/end, then gzip streams. Only the VD part is unpacked. */
export function unpackVd(file: Uint8Array): Uint8Array {
  if (file.length < 8) throw new EgkDecodeError('EF.VD', 'file too short');
  const start = (file[0]! << 8) | file[1]!;
  const end = (file[2]! << 8) | file[3]!;
  if (start < 8 || end <= start) throw new EgkDecodeError('EF.VD', 'invalid offsets in the header');
  if (end > file.length) throw new EgkDecodeError('EF.VD', 'file ends before the announced VD end');
  // The end offset is inclusive on some cards and exclusive on others.
  return gunzip('EF.VD', [file.subarray(start, Math.min(end + 1, file.length)), file.subarray(start, end)]);
}

/** Bytes needed from EF.PD / EF.VD to hold the VD part, once the header is known (for short reads). */
export function pdBytesNeeded(head: Uint8Array): number | null {
  return head.length < 2 ? null : 2 + ((head[0]! << 8) | head[1]!);
}
export function vdBytesNeeded(head: Uint8Array): number | null {
  return head.length < 4 ? null : ((head[2]! << 8) | head[3]!) + 1;
}

/** EF.GDO: tag 5A, length 0A, ICCSN in BCD. */
export function parseGdo(file: Uint8Array): string {
  if (file.length < 12 || file[0] !== 0x5a || file[1] !== 0x0a) throw new EgkDecodeError('EF.GDO', 'no ICCSN (tag 5A, length 10)');
  const digits = Array.from(file.subarray(2, 12), (b) => `${b >> 4}${b & 0x0f}`).join('');
  if (!/^\d{20}$/.test(digits)) throw new EgkDecodeError('EF.GDO', 'ICCSN is not BCD');
  return digits;
}

export interface StatusVd {
  updatePending: boolean;
  timestamp: string | null;
  schemaVersion: string;
}

/** EF.StatusVD: '0'/'1', 14 ASCII digits YYYYMMDDhhmmss, 5 bytes BCD version xxx.yyy.zzzz. */
export function parseStatusVd(file: Uint8Array): StatusVd {
  if (file.length < 20) throw new EgkDecodeError('EF.StatusVD', 'file too short');
  const flag = file[0];
  if (flag !== 0x30 && flag !== 0x31) throw new EgkDecodeError('EF.StatusVD', 'unknown status byte');
  const ts = String.fromCharCode(...file.subarray(1, 15));
  let timestamp: string | null = null;
  if (/^\d{14}$/.test(ts) && ts !== '00000000000000') {
    timestamp = `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}`;
  } else if (!/^[0\s]*$/.test(ts.replace(/\0/g, ''))) {
    throw new EgkDecodeError('EF.StatusVD', 'timestamp is not YYYYMMDDhhmmss');
  }
  return { updatePending: flag === 0x31, timestamp, schemaVersion: bcdVersion(file.subarray(15, 20)) };
}

function bcdVersion(bytes: Uint8Array): string {
  const digits = Array.from(bytes, (b) => `${b >> 4}${b & 0x0f}`).join('');
  return `${Number(digits.slice(0, 3))}.${Number(digits.slice(3, 6))}.${Number(digits.slice(6, 10))}`;
}

/**
 * Card generation. EF.Version2 exists from G2 on; this reader takes its tag C0 (object-system
 * version, 3 bytes major.minor.patch): 4.x = G2, from 4.3 on G2.1. Older cards have only
 * EF.Version, whose third record tells G1 (3.0.2) from G1+ (3.0.3).
 */
export function cardGeneration(version2: Uint8Array | null, versionRecord3: Uint8Array | null): HealthCardFacts['generation'] {
  if (version2) {
    const c0 = findTlv(version2, 0xc0);
    if (c0 && c0.length >= 2) {
      const [major, minor] = c0 as unknown as [number, number];
      if (major >= 4) return minor >= 3 || major > 4 ? 'G2.1' : 'G2';
    }
    return 'unknown';
  }
  if (versionRecord3 && versionRecord3.length >= 5) {
    const version = bcdVersion(versionRecord3.subarray(0, 5));
    if (version === '3.0.2') return 'G1';
    if (version === '3.0.3') return 'G1+';
    if (version.startsWith('4.')) return 'G2';
  }
  return 'unknown';
}

/** Finds a primitive tag inside a simple BER-TLV structure (one-byte tags, short/long lengths). */
function findTlv(bytes: Uint8Array, tag: number, depth = 0): Uint8Array | null {
  let i = 0;
  while (i + 2 <= bytes.length) {
    const t = bytes[i]!;
    let length = bytes[i + 1]!;
    let header = 2;
    if (length === 0x81) [length, header] = [bytes[i + 2] ?? 0, 3];
    else if (length === 0x82) [length, header] = [((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0), 4];
    const value = bytes.subarray(i + header, i + header + length);
    if (t === tag) return value;
    if ((t & 0x20) !== 0 && depth < 4) {
      const inner = findTlv(value, tag, depth + 1);
      if (inner) return inner;
    }
    if (t === 0x00 || t === 0xff) return null;
    i += header + length;
  }
  return null;
}

/** Decodes the raw files into the insured person's data. Throws EgkDecodeError for anything damaged. */
export function decodeEgk(files: EgkFiles): EgkData {
  const iccsn = parseGdo(files.gdo);
  const status = parseStatusVd(files.statusVd);
  const pdDoc = parseDocument('EF.PD', unpackPd(files.pd));
  const vdDoc = parseDocument('EF.VD', unpackVd(files.vd));
  const person = parsePerson(pdDoc.root);
  const insurance = parseInsurance(vdDoc.root);
  if (!person.ok) throw new EgkDecodeError('EF.PD', person.problem);
  if (!insurance.ok) throw new EgkDecodeError('EF.VD', insurance.problem);
  return {
    person: person.value,
    insurance: insurance.value,
    card: {
      iccsn,
      iccsnLastFour: iccsn.slice(-4),
      generation: cardGeneration(files.version2, files.versionRecord3),
      statusVdTimestamp: status.timestamp,
      updatePending: status.updatePending,
      schemaVersion: pdDoc.schema,
    },
  };
}

function parseDocument(file: 'EF.PD' | 'EF.VD', bytes: Uint8Array) {
  let text: string;
  try {
    text = decodeXmlText(bytes);
  } catch {
    throw new EgkDecodeError(file, 'text is not ISO-8859-15');
  }
  try {
    const root = parseXml(text);
    return { root, schema: schemaOf(file, root.namespace) };
  } catch (error) {
    if (error instanceof EgkDecodeError) throw error;
    throw new EgkDecodeError(file, `XML: ${(error as Error).message}`);
  }
}

const namespaces: Record<string, '5.1' | '5.2'> = {
  'http://ws.gematik.de/fa/vsdm/vsd/v5.2': '5.2',
  'http://ws.gematik.de/fa/vsds/UC_PersoenlicheVersichertendatenXML/v5.1': '5.1',
  'http://ws.gematik.de/fa/vsds/UC_AllgemeineVersicherungsdatenXML/v5.1': '5.1',
};

function schemaOf(file: 'EF.PD' | 'EF.VD', namespace: string): '5.1' | '5.2' {
  const schema = namespaces[namespace];
  if (!schema) throw new EgkDecodeError(file, 'unsupported schema namespace');
  return schema;
}
