/** XML of EF.PD and EF.VD in schema versions 5.1 and 5.2, as cards carry it. */

export type SchemaVersion = '5.1' | '5.2';

export interface MemberPerson {
  kvnr: string;
  birthDate: string; // YYYYMMDD
  firstName: string;
  lastName: string;
  sex: 'M' | 'W' | 'X' | 'D';
  title?: string;
  prefix?: string;
  suffix?: string;
  address:
    | { kind: 'street'; postalCode: string; city: string; countryCode: string; street: string; houseNumber?: string; addition?: string }
    | { kind: 'postbox'; postalCode: string; city: string; countryCode: string; postBox: string };
}

export interface MemberCover {
  start: string; // YYYYMMDD
  end?: string;
  insurerIk: string;
  insurerName: string;
  insurerCountryCode?: string;
  insuredType: '1' | '3' | '5';
}

const ns = {
  '5.2': { pd: 'http://ws.gematik.de/fa/vsdm/vsd/v5.2', vd: 'http://ws.gematik.de/fa/vsdm/vsd/v5.2', pdPrefix: '', vdPrefix: '' },
  '5.1': {
    pd: 'http://ws.gematik.de/fa/vsds/UC_PersoenlicheVersichertendatenXML/v5.1',
    vd: 'http://ws.gematik.de/fa/vsds/UC_AllgemeineVersicherungsdatenXML/v5.1',
    pdPrefix: 'vsdp:',
    vdPrefix: 'vsda:',
  },
} as const;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function el(prefix: string, name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${prefix}${name}>${esc(value)}</${prefix}${name}>`;
}

const declaration = '<?xml version="1.0" encoding="ISO-8859-15" standalone="yes"?>\n';

export function pdXml(person: MemberPerson, schema: SchemaVersion): string {
  const { pd, pdPrefix: p } = ns[schema];
  const root = `${p}UC_PersoenlicheVersichertendatenXML`;
  const xmlns = p ? `xmlns:${p.slice(0, -1)}="${pd}"` : `xmlns="${pd}"`;
  const a = person.address;
  const land = `<${p}Land>${el(p, 'Wohnsitzlaendercode', a.countryCode)}</${p}Land>`;
  const address =
    a.kind === 'street'
      ? `<${p}StrassenAdresse>${el(p, 'Postleitzahl', a.postalCode)}${el(p, 'Ort', a.city)}${land}${el(p, 'Strasse', a.street)}${el(p, 'Hausnummer', a.houseNumber)}${el(p, 'Anschriftenzusatz', a.addition)}</${p}StrassenAdresse>`
      : `<${p}PostfachAdresse>${el(p, 'Postleitzahl', a.postalCode)}${el(p, 'Ort', a.city)}${el(p, 'Postfach', a.postBox)}${land}</${p}PostfachAdresse>`;
  return (
    `${declaration}<${root} CDM_VERSION="${schema}.0" ${xmlns}>` +
    `<${p}Versicherter>${el(p, 'Versicherten_ID', person.kvnr)}<${p}Person>` +
    `${el(p, 'Geburtsdatum', person.birthDate)}${el(p, 'Vorname', person.firstName)}${el(p, 'Nachname', person.lastName)}${el(p, 'Geschlecht', person.sex)}` +
    `${el(p, 'Vorsatzwort', person.prefix)}${el(p, 'Namenszusatz', person.suffix)}${el(p, 'Titel', person.title)}${address}` +
    `</${p}Person></${p}Versicherter></${root}>`
  );
}

export function vdXml(cover: MemberCover, schema: SchemaVersion): string {
  const { vd, vdPrefix: p } = ns[schema];
  const root = `${p}UC_AllgemeineVersicherungsdatenXML`;
  const xmlns = p ? `xmlns:${p.slice(0, -1)}="${vd}"` : `xmlns="${vd}"`;
  return (
    `${declaration}<${root} CDM_VERSION="${schema}.0" ${xmlns}>` +
    `<${p}Versicherter><${p}Versicherungsschutz>${el(p, 'Beginn', cover.start)}${el(p, 'Ende', cover.end)}` +
    `<${p}Kostentraeger>${el(p, 'Kostentraegerkennung', cover.insurerIk)}${el(p, 'Kostentraegerlaendercode', cover.insurerCountryCode ?? 'D')}${el(p, 'Name', cover.insurerName)}</${p}Kostentraeger>` +
    `</${p}Versicherungsschutz><${p}Zusatzinfos><${p}ZusatzinfosGKV>${el(p, 'Versichertenart', cover.insuredType)}` +
    `<${p}Zusatzinfos_Abrechnung_GKV>${el(p, 'WOP', '38')}</${p}Zusatzinfos_Abrechnung_GKV></${p}ZusatzinfosGKV></${p}Zusatzinfos>` +
    `</${p}Versicherter></${root}>`
  );
}

/** Protected data (EF.GVD / the GVD part): present on the card, never to be read by the station. */
export function gvdXml(schema: SchemaVersion): string {
  return `${declaration}<UC_GeschuetzteVersichertendatenXML CDM_VERSION="${schema}.0"><Zuzahlungsstatus><Status>1</Status></Zuzahlungsstatus></UC_GeschuetzteVersichertendatenXML>`;
}
