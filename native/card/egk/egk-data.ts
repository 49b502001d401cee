/** What the station reads from an eGK: the insured person's data and the card's own facts. */

export type Sex = 'M' | 'W' | 'X' | 'D';
export type VsdSchemaVersion = '5.1' | '5.2';
export type CardGeneration = 'G1' | 'G1+' | 'G2' | 'G2.1' | 'unknown';

export type InsuredAddress =
  | { kind: 'street'; street: string; houseNumber: string | null; addition: string | null; postalCode: string; city: string; countryCode: string }
  | { kind: 'postbox'; postBox: string; postalCode: string; city: string; countryCode: string };

export interface InsuredPersonData {
  kvnr: string;
  title: string | null;
  firstName: string;
  /** Vorsatzwort, e.g. "von". */
  namePrefix: string | null;
  lastName: string;
  /** Namenszusatz, e.g. "Freifrau". */
  nameSuffix: string | null;
  /** YYYY-MM-DD; month and day may be "00" where the register does not know them. */
  birthDate: string;
  sex: Sex;
  address: InsuredAddress | null;
}

export interface InsuranceData {
  insurerIk: string;
  insurerName: string;
  insurerCountryCode: string | null;
  /** YYYY-MM-DD */
  coverStart: string;
  coverEnd: string | null;
  /** Versichertenart: 1 member, 3 family insured, 5 pensioner. */
  insuredType: 'member' | 'family' | 'pensioner' | 'other';
  insuredTypeCode: string;
}

export interface CardFacts {
  /** The 20-digit card number from EF.GDO. */
  iccsn: string;
  /** What the online branch asks for. */
  iccsnLastFour: string;
  generation: CardGeneration;
  /** EF.StatusVD timestamp as YYYY-MM-DDThh:mm:ss, null when the card holds zeros. */
  statusVdTimestamp: string | null;
  /** EF.StatusVD byte 0: an online update of the data was started and not finished. */
  updatePending: boolean;
  schemaVersion: VsdSchemaVersion;
}

export interface EgkData {
  person: InsuredPersonData;
  insurance: InsuranceData;
  card: CardFacts;
}

/** The raw files as read from the card (GVD is never among them). */
export interface EgkFiles {
  gdo: Uint8Array;
  /** EF.Version2 (G2 and later), or null where the card has none. */
  version2: Uint8Array | null;
  /** Record 3 of EF.Version, read only where there is no EF.Version2. */
  versionRecord3: Uint8Array | null;
  statusVd: Uint8Array;
  pd: Uint8Array;
  vd: Uint8Array;
}
