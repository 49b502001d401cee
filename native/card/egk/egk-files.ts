/**
 * The raw files as read from the eGK (EF.GVD is never among them). Decoded, they become the
 * contract's EgkData (main/contract/card.ts), the one type of the card's data.
 */
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
