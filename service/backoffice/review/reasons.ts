/**
 * Why a record was not accepted, in the words the member reads at the kiosk on the next visit
 * ("Ihr Nachweis für Schutzimpfung wurde nicht anerkannt. Grund: …", main/sync/notifications.ts).
 * The reviewer picks one; the German text goes to the station with the decision; the English
 * text is for the back office's English view only. Codes are stable: the audit trail names them.
 */
export const rejectionReasons = [
  { code: 'unreadable', de: 'Der Nachweis ist nicht lesbar.', en: 'The proof is not readable.' },
  { code: 'no-confirmation', de: 'Auf dem Nachweis fehlt die Bestätigung (Stempel oder Unterschrift) des Leistungserbringers.', en: 'The provider’s confirmation (stamp or signature) is missing.' },
  { code: 'outside-year', de: 'Die Maßnahme liegt außerhalb des Teilnahmejahres.', en: 'The measure lies outside the participation year.' },
  { code: 'not-qualifying', de: 'Die Maßnahme erfüllt die Voraussetzungen des Bonusfeldes nicht (Anlage 1 der Teilnahmebedingungen).', en: 'The measure does not meet the field’s conditions (annex 1 of the terms).' },
  { code: 'duplicate', de: 'Diese Maßnahme wurde für dieses Jahr bereits anerkannt.', en: 'This measure has already been credited for this year.' },
  { code: 'other-person', de: 'Der Nachweis gehört zu einer anderen Person.', en: 'The proof belongs to another person.' },
  { code: 'not-insured', de: 'Zum Zeitpunkt der Maßnahme bestand keine Mitgliedschaft bei uns.', en: 'There was no membership at the time of the measure.' },
  { code: 'company-limit', de: 'Betriebliche Gesundheitsaktionen zählen höchstens zweimal im Jahr.', en: 'Company health actions count at most twice a year.' },
  { code: 'no-participation', de: 'Für dieses Jahr liegt keine Teilnahmeerklärung vor.', en: 'There is no participation declaration for this year.' },
] as const;

export type RejectionCode = (typeof rejectionReasons)[number]['code'];

export function reasonText(code: string): string | null {
  return rejectionReasons.find((r) => r.code === code)?.de ?? null;
}
