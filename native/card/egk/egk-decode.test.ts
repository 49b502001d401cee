import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gdoFile, pdFile, statusVdFile, vdFile } from '../../../test/virtual-egk/card-files';
import { virtualCards } from '../../../test/virtual-egk/cards';
import { EgkData } from '../../../main/contract/card';
import { pdXml } from '../../../test/virtual-egk/egk-xml';
import { cardGeneration, decodeEgk, decodeXmlText, EgkDecodeError, parseGdo, parseStatusVd, unpackPd, unpackVd } from './egk-decode';
import { parsePerson, parseInsurance } from './vsd-xml';
import { parseXml } from './xml';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

/** Byte fixtures: an EF.PD (schema 5.2, "Weiß & Söhne €", unknown birth month/day) and an EF.VD (schema 5.1, prefixed, end 2030-12-31). */
const fixturePd = b64(
  'AXUfiwgAAAAAAAADjVHBThtBDP2V1Rx6Y51NWZFQ7yBIqigVIahRQ27RsONmVp31ovEkTfme/hd/wYkDWtqkpOKAD9Z7z/KzZePZtvbJhoJUDRcqSzsqIS4bW/GqUOPZ9KjXy/tHWa4SiYat8Q1ToX6RqDON3wbLawrSEPuqdDRvbUpHIRJbE4kXk8tkW3uWQrkY704Bfkq6otrE6kdqCb4b2Iit2wSbPO2qZDCcLOefv87G06tC5Wk37SiNr3zDAePleKjPs+7H4/yk188R/q/hy3qscUS36xDFmriuddY/6bSBcCDjvAlsatJfnsKKGGHH8cqU7gXdUPWQfDD13adk9uiYkt8I+yKOSErnqXRRL1rvPcNZDEaE+NwGEiGN141ET1W8N87rrJNlOcKBhtMQ9QUFXzFCi/HSsNV40ziWKt57Q2wplI0lPUR4S0b40/J3uB44sxYhkhjMAyHs9D36tx7s7gaHt4d3fFw/Ayi2q1tUAgAA',
);
const fixtureVd = b64(
  'AAgBQwAAAAAfiwgAAAAAAAADhZJfa8IwFMW/Ssm7bVIpqNjI/MOQToXJZOxFQnNNi+3taNJO/Ox7GNXqnO0wj797zsnhcoejQ5pYJeQ6ztAnzKbEAgwzGaPyyXy96vR6Xr/DPDLiw1JLMXibbJ+SREEKMcKmMoYR5AUqLYUBfF+8WIc0QT2o1D6JjPkcOM6XthWkwsR7W4KzE06ppXYeZzmlZzNiTaaL7Wb2up6vlj7x7KpmXefqMpDfoypIh1FhjvVkDCpG5C51KWWUDZ1bepbMUAJ3aZcyt3sRnNh5HGTaAJpcgLr+94ftAbFAxRntnx6tM1pFLf5EAErIw0wCn7Z5bwVn/1KkwMdBYK2/Ze04oTb3Bf6/o49CC3OMcZfpJnkONs29o8gN794H17zG9xkN2ihmfss+PhP+AxlMjL3IAgAA',
);

describe('card file decoding', () => {
  it('reads the ICCSN from EF.GDO (tag 5A, BCD)', () => {
    expect(parseGdo(hex('5A0A 80276883110000012345'))).toBe('80276883110000012345');
    expect(() => parseGdo(hex('5A08 8027688311000001'))).toThrow(EgkDecodeError);
    expect(() => parseGdo(hex('5A0A 8027688311000001234F'))).toThrow(/BCD/);
  });

  it('reads EF.StatusVD: update flag, timestamp, BCD schema version', () => {
    const bytes = hex('30 3230323530313134303933303030 0050020000 0000000000');
    expect(parseStatusVd(bytes)).toEqual({ updatePending: false, timestamp: '2025-01-14T09:30:00', schemaVersion: '5.2.0' });
    expect(parseStatusVd(statusVdFile('20240229235959', '5.1.0', true))).toEqual({ updatePending: true, timestamp: '2024-02-29T23:59:59', schemaVersion: '5.1.0' });
    expect(parseStatusVd(hex(`30${'30'.repeat(14)}0050020000`)).timestamp).toBeNull();
    expect(() => parseStatusVd(hex('58'.padEnd(50, '0')))).toThrow(EgkDecodeError);
  });

  it('decodes the XML as ISO-8859-15, where 0xA4 is € (not ¤ as in Latin-1)', () => {
    const bytes = hex('3c3f786d6c2076657273696f6e3d22312e302220656e636f64696e673d2249534f2d383835392d3135223f3e3c723ea4b4a6e4df3c2f723e');
    expect(decodeXmlText(bytes)).toContain('<r>€ŽŠäß</r>');
  });

  it('unpacks the EF.PD fixture and maps it, keeping unknown birth month/day as 00', () => {
    const root = parseXml(decodeXmlText(unpackPd(fixturePd)));
    const person = parsePerson(root);
    expect(person).toEqual({
      ok: true,
      value: {
        kvnr: 'A123457895',
        title: null,
        firstName: 'Jürgen',
        namePrefix: null,
        lastName: 'Weiß & Söhne €',
        nameSuffix: null,
        birthDate: '1970-00-00',
        sex: 'X',
        address: { kind: 'street', street: 'Chausseestraße', houseNumber: null, addition: null, postalCode: '10115', city: 'Berlin', countryCode: 'D' },
      },
    });
  });

  it('unpacks the EF.VD fixture (schema 5.1 with prefixes) and maps the cover', () => {
    const insurance = parseInsurance(parseXml(decodeXmlText(unpackVd(fixtureVd))));
    expect(insurance).toEqual({
      ok: true,
      value: { insurerIk: '109999990', insurerName: 'BKK Süd', insurerCountryCode: 'D', coverStart: '2020-01-01', coverEnd: '2030-12-31', insuredType: 'family', insuredTypeCode: '3' },
    });
  });

  it('tolerates an EF.PD length with or without its own two bytes, and VD end offsets inclusive or exclusive', () => {
    const xml = pdXml({ kvnr: 'A123457895', birthDate: '19800101', firstName: 'A', lastName: 'B', sex: 'M', address: { kind: 'postbox', postBox: '1', postalCode: '1', city: 'C', countryCode: 'D' } }, '5.2');
    expect(decodeXmlText(unpackPd(pdFile(xml)))).toBe(xml);
    expect(decodeXmlText(unpackPd(pdFile(xml, { lengthIncludesHeader: true, fileSize: 0 })))).toBe(xml);
    expect(decodeXmlText(unpackVd(vdFile(xml, { gvdXml: '<g/>' })))).toBe(xml);
    expect(decodeXmlText(unpackVd(vdFile(xml, { gvdXml: '<g/>', exclusiveEnds: true })))).toBe(xml);
  });

  it('reports damaged, truncated and oversized content as decode errors naming the file', () => {
    const broken = Uint8Array.from(fixturePd);
    for (let i = 20; i < 200; i += 5) broken[i] = broken[i]! ^ 0xff;
    expect(() => unpackPd(broken)).toThrow(/EF\.PD: gzip/);
    expect(() => unpackPd(fixturePd.subarray(0, 120))).toThrow(/EF\.PD/);
    expect(() => unpackVd(fixtureVd.subarray(0, 100))).toThrow(/EF\.VD/);
    expect(() => unpackPd(hex('0030' + '00'.repeat(48)))).toThrow(/no gzip/);
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    const bombFile = new Uint8Array(2 + bomb.length);
    bombFile.set([bomb.length >> 8, bomb.length & 0xff]);
    bombFile.set(bomb, 2);
    expect(() => unpackPd(bombFile)).toThrow(EgkDecodeError);
  });

  it('tells the card generation from EF.Version2 or, on older cards, EF.Version record 3', () => {
    expect(cardGeneration(hex('EF05C003040000'), null)).toBe('G2');
    expect(cardGeneration(hex('EF05C003040400'), null)).toBe('G2.1');
    expect(cardGeneration(hex('EF05C103040400'), null)).toBe('unknown');
    expect(cardGeneration(null, hex('0030000003'))).toBe('G1+');
    expect(cardGeneration(null, hex('0030000002'))).toBe('G1');
    expect(cardGeneration(null, null)).toBe('unknown');
  });

  it('rejects documents of an unknown schema namespace and missing required fields', () => {
    const files = { gdo: gdoFile('80276883110000012345'), version2: null, versionRecord3: null, statusVd: statusVdFile('20250101000000', '5.2.0') };
    const foreign = pdFile('<?xml version="1.0" encoding="ISO-8859-15"?><UC_PersoenlicheVersichertendatenXML xmlns="urn:other"/>');
    expect(() => decodeEgk({ ...files, pd: foreign, vd: fixtureVd })).toThrow(/EF\.PD: unsupported schema namespace/);
    const noName = pdFile(
      '<?xml version="1.0" encoding="ISO-8859-15"?><UC_PersoenlicheVersichertendatenXML xmlns="http://ws.gematik.de/fa/vsdm/vsd/v5.2"><Versicherter><Versicherten_ID>A123457895</Versicherten_ID><Person><Geburtsdatum>19800101</Geburtsdatum><Vorname>A</Vorname><Geschlecht>M</Geschlecht></Person></Versicherter></UC_PersoenlicheVersichertendatenXML>',
    );
    expect(() => decodeEgk({ ...files, pd: noName, vd: fixtureVd })).toThrow('EF.PD: Person/Nachname missing');
  });

  it('decodes every readable virtual member card into what was written on it', () => {
    for (const card of virtualCards(new Date(2026, 0, 15))) {
      if (!card.person || !card.image.hca || card.name === 'corrupt-gzip' || card.name === 'truncated') continue;
      const { mf, hca } = card.image;
      const data = decodeEgk({ gdo: mf.gdo!, version2: mf.version2 ?? null, versionRecord3: mf.versionRecords?.[2] ?? null, statusVd: hca.statusVd, pd: hca.pd, vd: hca.vd });
      expect(data.person.kvnr, card.name).toBe(card.person.kvnr);
      expect(data.person.lastName, card.name).toBe(card.person.lastName);
      expect(data.person.firstName, card.name).toBe(card.person.firstName);
      expect(data.person.namePrefix, card.name).toBe(card.person.prefix ?? null);
      expect(data.person.title, card.name).toBe(card.person.title ?? null);
      expect(data.person.address?.kind, card.name).toBe(card.person.address.kind);
      expect(data.insurance.insurerIk, card.name).toBe(card.cover!.insurerIk);
      expect(data.card.iccsn, card.name).toBe(card.iccsn);
      expect(data.card.iccsnLastFour, card.name).toBe(card.iccsn!.slice(-4));
      expect(data.card.schemaVersion, card.name).toBe(card.schema);
      // One type for the card's data: what the reader decodes is valid by the contract's schema.
      expect(EgkData.safeParse(data).success, card.name).toBe(true);
    }
  });
});
