import type { InsuranceCover, InsuredAddress, InsuredPerson } from '../../../main/contract/card';
import { child, descend, type XmlElement } from './xml';

/**
 * Maps the VSD documents (schema 5.1 and 5.2 share the element names) to the station's data.
 * Problems name the element, never its value: these strings reach logs.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

class Missing extends Error {}

function text(element: XmlElement | undefined, path: string, pattern?: RegExp): string {
  const value = element?.text.trim();
  if (!value) throw new Missing(`${path} missing`);
  if (pattern && !pattern.test(value)) throw new Missing(`${path} malformed`);
  return value;
}

function optional(element: XmlElement | undefined): string | null {
  const value = element?.text.trim();
  return value ? value : null;
}

function date(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

const sexes: readonly string[] = ['M', 'W', 'X', 'D'];

function address(person: XmlElement): InsuredAddress | null {
  const street = child(person, 'StrassenAdresse');
  const postbox = child(person, 'PostfachAdresse');
  const country = (a: XmlElement) => optional(descend(a, 'Land', 'Wohnsitzlaendercode')) ?? 'D';
  if (street) {
    return {
      kind: 'street',
      street: text(child(street, 'Strasse'), 'StrassenAdresse/Strasse'),
      houseNumber: optional(child(street, 'Hausnummer')),
      addition: optional(child(street, 'Anschriftenzusatz')),
      postalCode: text(child(street, 'Postleitzahl'), 'StrassenAdresse/Postleitzahl'),
      city: text(child(street, 'Ort'), 'StrassenAdresse/Ort'),
      countryCode: country(street),
    };
  }
  if (postbox) {
    return {
      kind: 'postbox',
      postBox: text(child(postbox, 'Postfach'), 'PostfachAdresse/Postfach'),
      postalCode: text(child(postbox, 'Postleitzahl'), 'PostfachAdresse/Postleitzahl'),
      city: text(child(postbox, 'Ort'), 'PostfachAdresse/Ort'),
      countryCode: country(postbox),
    };
  }
  return null;
}

export function parsePerson(root: XmlElement): Parsed<InsuredPerson> {
  if (root.name !== 'UC_PersoenlicheVersichertendatenXML') return { ok: false, problem: 'not a personal-data document' };
  try {
    const insured = child(root, 'Versicherter');
    const person = child(insured, 'Person');
    if (!person) throw new Missing('Versicherter/Person missing');
    const sex = text(child(person, 'Geschlecht'), 'Person/Geschlecht');
    if (!sexes.includes(sex)) throw new Missing('Person/Geschlecht unknown');
    return {
      ok: true,
      value: {
        // The KVNR's format is checked by the session service, which states a wrong one clearly.
        kvnr: text(child(insured, 'Versicherten_ID'), 'Versicherter/Versicherten_ID'),
        title: optional(child(person, 'Titel')),
        firstName: text(child(person, 'Vorname'), 'Person/Vorname'),
        namePrefix: optional(child(person, 'Vorsatzwort')),
        lastName: text(child(person, 'Nachname'), 'Person/Nachname'),
        nameSuffix: optional(child(person, 'Namenszusatz')),
        birthDate: date(text(child(person, 'Geburtsdatum'), 'Person/Geburtsdatum', /^\d{8}$/)),
        sex: sex as InsuredPerson['sex'],
        address: address(person),
      },
    };
  } catch (error) {
    if (error instanceof Missing) return { ok: false, problem: error.message };
    throw error;
  }
}

const insuredTypes: Record<string, InsuranceCover['insuredType']> = { '1': 'member', '3': 'family', '5': 'pensioner' };

export function parseInsurance(root: XmlElement): Parsed<InsuranceCover> {
  if (root.name !== 'UC_AllgemeineVersicherungsdatenXML') return { ok: false, problem: 'not an insurance-data document' };
  try {
    const insured = child(root, 'Versicherter');
    const cover = child(insured, 'Versicherungsschutz');
    const payer = child(cover, 'Kostentraeger');
    if (!cover || !payer) throw new Missing('Versicherungsschutz/Kostentraeger missing');
    const end = optional(child(cover, 'Ende'));
    if (end !== null && !/^\d{8}$/.test(end)) throw new Missing('Versicherungsschutz/Ende malformed');
    const typeCode = text(descend(insured, 'Zusatzinfos', 'ZusatzinfosGKV', 'Versichertenart'), 'ZusatzinfosGKV/Versichertenart', /^\d$/);
    return {
      ok: true,
      value: {
        insurerIk: text(child(payer, 'Kostentraegerkennung'), 'Kostentraeger/Kostentraegerkennung', /^\d{9}$/),
        insurerName: text(child(payer, 'Name'), 'Kostentraeger/Name'),
        insurerCountryCode: optional(child(payer, 'Kostentraegerlaendercode')),
        coverStart: date(text(child(cover, 'Beginn'), 'Versicherungsschutz/Beginn', /^\d{8}$/)),
        coverEnd: end === null ? null : date(end),
        insuredType: insuredTypes[typeCode] ?? 'other',
        insuredTypeCode: typeCode,
      },
    };
  } catch (error) {
    if (error instanceof Missing) return { ok: false, problem: error.message };
    throw error;
  }
}
