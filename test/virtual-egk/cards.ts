import { kvnrCheckDigit } from '../../main/domain/kvnr';
import { gdoFile, gzipIso, pdFile, statusVdFile, vdFile, version2File, versionRecord } from './card-files';
import { atrs, type CardImage } from './egk-card';
import { gvdXml, pdXml, vdXml, type MemberCover, type MemberPerson, type SchemaVersion } from './egk-xml';

/** The insurer the virtual members belong to; the tests configure it as accepted. */
export const ourInsurer = { ik: '109999990', name: 'Bonus ABC Krankenkasse' } as const;
export const otherInsurer = { ik: '108888881', name: 'Andere BKK' } as const;

/** A KVNR with a correct check digit for a letter and 8 serial digits. */
export function kvnr(firstNine: string): string {
  const digit = kvnrCheckDigit(firstNine);
  if (digit === null) throw new Error(`not a KVNR prefix: ${firstNine}`);
  return `${firstNine}${digit}`;
}

export interface VirtualCard {
  name: string;
  description: string;
  image: CardImage;
  /** What a correct reader makes of it: the expected outcome class. */
  expect:
    | { outcome: 'ready'; kvnr: string }
    | { outcome: 'rejected'; reason: 'not-health-card' | 'unreadable' | 'invalid-kvnr' | 'cover-ended' | 'cover-not-started' | 'insurer-not-accepted' }
    | { outcome: 'removed-during-read' };
  /** For the pulled card: answered APDUs before the card leaves the reader. */
  pullAfterApdus?: number;
  person?: MemberPerson;
  cover?: MemberCover;
  schema?: SchemaVersion;
  iccsn?: string;
}

interface MemberSpec {
  person: MemberPerson;
  cover: MemberCover;
  schema: SchemaVersion;
  iccsn: string;
  generation?: 'G1+' | 'G2' | 'G2.1';
  statusTimestamp?: string;
  lengthIncludesHeader?: boolean;
  exclusiveEnds?: boolean;
  extendedLength?: boolean;
  corrupt?: 'gzip' | 'truncated';
}

export function memberImage(spec: MemberSpec): CardImage {
  const pdXmlText = pdXml(spec.person, spec.schema);
  let pdGzip = gzipIso(pdXmlText);
  if (spec.corrupt === 'gzip') {
    pdGzip = Uint8Array.from(pdGzip);
    for (let i = 12; i < pdGzip.length - 8; i += 7) pdGzip[i] = (pdGzip[i] as number) ^ 0x5a;
  }
  let vd = vdFile(vdXml(spec.cover, spec.schema), { gvdXml: gvdXml(spec.schema), exclusiveEnds: spec.exclusiveEnds });
  if (spec.corrupt === 'truncated') vd = vd.subarray(0, 8 + 40); // the file ends in the middle of the VD stream
  const generation = spec.generation ?? 'G2';
  const mf: CardImage['mf'] =
    generation === 'G1+'
      ? { gdo: gdoFile(spec.iccsn), versionRecords: [versionRecord('3.0.0'), versionRecord('3.0.1'), versionRecord('3.0.3')] }
      : { gdo: gdoFile(spec.iccsn), version2: version2File(generation === 'G2.1' ? [4, 4, 0] : [4, 0, 0]) };
  return {
    atr: atrs.egkG2,
    mf,
    hca: {
      pd: pdFile(pdXmlText, { lengthIncludesHeader: spec.lengthIncludesHeader, gzip: pdGzip }),
      vd,
      statusVd: statusVdFile(spec.statusTimestamp ?? '20250114093000', `${spec.schema}.0`),
      gvd: gzipIso(gvdXml(spec.schema)),
    },
    extendedLength: spec.extendedLength,
  };
}

function ymd(date: Date): string {
  return `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}`;
}

function member(name: string, description: string, spec: MemberSpec, expect: VirtualCard['expect']): VirtualCard {
  return { name, description, image: memberImage(spec), expect, person: spec.person, cover: spec.cover, schema: spec.schema, iccsn: spec.iccsn };
}

const cover = (start = '20190101', extra: Partial<MemberCover> = {}): MemberCover => ({ start, insurerIk: ourInsurer.ik, insurerName: ourInsurer.name, insuredType: '1', ...extra });

/** The catalog of virtual cards. Dates relative to `today` keep "starts next month" true. */
export function virtualCards(today = new Date()): VirtualCard[] {
  const nextMonth = new Date(today.getFullYear(), today.getMonth() + 1, 1);
  const childBirth = new Date(today.getFullYear() - 8, 4, 17);
  const k = {
    mueller: kvnr('M12345678'),
    weissenfels: kvnr('W23456781'),
    schmidt: kvnr('S34567812'),
    gruber: kvnr('G45678123'),
    lena: kvnr('L56781234'),
    zuzek: kvnr('Z67812345'),
    ended: kvnr('E78123456'),
    future: kvnr('F81234567'),
    other: kvnr('O12348765'),
    pulled: kvnr('P23487651'),
  };
  const wrongDigit = `${k.mueller.slice(0, 9)}${(Number(k.mueller[9]) + 1) % 10}`;
  const street = (street: string, houseNumber: string, postalCode: string, city: string, countryCode = 'D', addition?: string): MemberPerson['address'] => ({ kind: 'street', street, houseNumber, postalCode, city, countryCode, addition });

  return [
    member(
      'mueller',
      'Member, title "Dr.", umlauts, schema 5.2, G2',
      { person: { kvnr: k.mueller, birthDate: '19670312', firstName: 'Hans-Jürgen', lastName: 'Müller', sex: 'M', title: 'Dr.', address: street('Königstraße', '12a', '70173', 'Stuttgart') }, cover: cover('20150401'), schema: '5.2', iccsn: '80276883110000012345' },
      { outcome: 'ready', kvnr: k.mueller },
    ),
    member(
      'weissenfels',
      'Member with "von", suffix "Freifrau", title "Prof. Dr.", ß, schema 5.1, length counts its header, exclusive VD ends',
      {
        person: { kvnr: k.weissenfels, birthDate: '19520229', firstName: 'Friederike', lastName: 'Weißenfels', prefix: 'von', suffix: 'Freifrau', title: 'Prof. Dr.', sex: 'W', address: street('Schloßallee', '3', '01067', 'Dresden', 'D', 'Hinterhaus') },
        cover: cover('20000101', { insuredType: '5' }),
        schema: '5.1',
        iccsn: '80276883110000023456',
        lengthIncludesHeader: true,
        exclusiveEnds: true,
        generation: 'G2.1',
      },
      { outcome: 'ready', kvnr: k.weissenfels },
    ),
    member(
      'schmidt',
      'Long double names, PO box address, schema 5.2',
      {
        person: { kvnr: k.schmidt, birthDate: '19851130', firstName: 'Anna-Katharina Maximiliane', lastName: 'Schmidt-Oberhausen-Großkreutz', sex: 'W', address: { kind: 'postbox', postBox: '10 04 52', postalCode: '44004', city: 'Dortmund', countryCode: 'D' } },
        cover: cover('20100101'),
        schema: '5.2',
        iccsn: '80276883110000034567',
      },
      { outcome: 'ready', kvnr: k.schmidt },
    ),
    member(
      'gruber',
      'Foreign address (Austria), cross-border commuter, schema 5.2',
      { person: { kvnr: k.gruber, birthDate: '19780704', firstName: 'Florian', lastName: 'Gruber', sex: 'M', address: street('Mariahilfer Straße', '101', '1060', 'Wien', 'A') }, cover: cover('20210301'), schema: '5.2', iccsn: '80276883110000045678' },
      { outcome: 'ready', kvnr: k.gruber },
    ),
    member(
      'lena',
      'Child, family insured (Versichertenart 3), schema 5.2',
      { person: { kvnr: k.lena, birthDate: ymd(childBirth), firstName: 'Lena', lastName: 'Özdemir', sex: 'W', address: street('Am Ölberg', '7', '53639', 'Königswinter') }, cover: cover(ymd(childBirth), { insuredType: '3' }), schema: '5.2', iccsn: '80276883110000056789' },
      { outcome: 'ready', kvnr: k.lena },
    ),
    member(
      'zuzek',
      'Pensioner with ISO-8859-15-only letters (Ž, š), G1+ card (EF.Version records), short reads only',
      { person: { kvnr: k.zuzek, birthDate: '19440915', firstName: 'Dušan', lastName: 'Žužek', sex: 'M', address: street('Lindenweg', '2', '24103', 'Kiel') }, cover: cover('20090101', { insuredType: '5' }), schema: '5.1', iccsn: '80276883110000067890', generation: 'G1+', extendedLength: false },
      { outcome: 'ready', kvnr: k.zuzek },
    ),
    member(
      'cover-ended',
      'Cover ended on 2024-12-31, schema 5.1',
      { person: { kvnr: k.ended, birthDate: '19900101', firstName: 'Jonas', lastName: 'Becker', sex: 'M', address: street('Hauptstraße', '1', '10115', 'Berlin') }, cover: cover('20120101', { end: '20241231' }), schema: '5.1', iccsn: '80276883110000078901' },
      { outcome: 'rejected', reason: 'cover-ended' },
    ),
    member(
      'cover-future',
      'Cover starts on the first of next month',
      { person: { kvnr: k.future, birthDate: '20010521', firstName: 'Mia', lastName: 'Fischer', sex: 'D', address: street('Marktplatz', '5', '89073', 'Ulm') }, cover: cover(ymd(nextMonth)), schema: '5.2', iccsn: '80276883110000089012' },
      { outcome: 'rejected', reason: 'cover-not-started' },
    ),
    member(
      'other-insurer',
      'Insured with an insurer that is not configured',
      { person: { kvnr: k.other, birthDate: '19751224', firstName: 'Paul', lastName: 'Wagner', sex: 'M', address: street('Bahnhofstraße', '9', '20095', 'Hamburg') }, cover: cover('20180101', { insurerIk: otherInsurer.ik, insurerName: otherInsurer.name }), schema: '5.2', iccsn: '80276883110000090123' },
      { outcome: 'rejected', reason: 'insurer-not-accepted' },
    ),
    member(
      'wrong-check-digit',
      'KVNR with a wrong check digit',
      { person: { kvnr: wrongDigit, birthDate: '19670312', firstName: 'Erika', lastName: 'Mustermann', sex: 'W', address: street('Heidestraße', '17', '51147', 'Köln') }, cover: cover(), schema: '5.2', iccsn: '80276883110000001234' },
      { outcome: 'rejected', reason: 'invalid-kvnr' },
    ),
    member(
      'corrupt-gzip',
      'EF.PD holds a damaged gzip stream',
      { person: { kvnr: kvnr('C12345678'), birthDate: '19800101', firstName: 'Karl', lastName: 'Kaputt', sex: 'M', address: street('Weg', '1', '12345', 'Ort') }, cover: cover(), schema: '5.2', iccsn: '80276883110000011111', corrupt: 'gzip' },
      { outcome: 'rejected', reason: 'unreadable' },
    ),
    member(
      'truncated',
      'EF.VD ends in the middle of its gzip stream',
      { person: { kvnr: kvnr('T12345678'), birthDate: '19800101', firstName: 'Tina', lastName: 'Teil', sex: 'W', address: street('Weg', '2', '12345', 'Ort') }, cover: cover(), schema: '5.2', iccsn: '80276883110000022222', corrupt: 'truncated' },
      { outcome: 'rejected', reason: 'unreadable' },
    ),
    {
      ...member(
        'pulled',
        'Member card pulled after three APDUs, in the middle of the read',
        { person: { kvnr: k.pulled, birthDate: '19991231', firstName: 'Ralf', lastName: 'Rasch', sex: 'M', address: street('Eilweg', '3', '12345', 'Ort') }, cover: cover(), schema: '5.2', iccsn: '80276883110000033333' },
        { outcome: 'removed-during-read' },
      ),
      pullAfterApdus: 3,
    },
    {
      name: 'bank-card',
      description: 'A bank card: foreign ATR, answers 6A82 to the DF.HCA select',
      image: { atr: atrs.bankCard, mf: {} },
      expect: { outcome: 'rejected', reason: 'not-health-card' },
    },
  ];
}

export function virtualCard(name: string, today = new Date()): VirtualCard {
  const card = virtualCards(today).find((c) => c.name === name);
  if (!card) throw new Error(`no virtual card "${name}"`);
  return card;
}
