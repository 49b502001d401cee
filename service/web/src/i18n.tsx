import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { measureOf, reasonText, ruleSet2026, type ReasonCode } from '../../../main/domain';

/** The back office speaks German first and English second; dates and amounts in the language's format. */
export type Lang = 'de' | 'en';

export const texts = {
  appTitle: { de: 'Bonus ABC · Backoffice', en: 'Bonus ABC · Back office' },
  skip: { de: 'Zum Inhalt springen', en: 'Skip to content' },
  nav: { de: 'Hauptnavigation', en: 'Main navigation' },
  navReview: { de: 'Prüfung', en: 'Review' },
  navPayouts: { de: 'Auszahlungen', en: 'Payouts' },
  navFleet: { de: 'Stationen', en: 'Stations' },
  signOut: { de: 'Abmelden', en: 'Sign out' },
  switchLang: { de: 'English', en: 'Deutsch' },
  switchLangLabel: { de: 'Switch to English', en: 'Auf Deutsch umschalten' },
  signInTitle: { de: 'Anmeldung', en: 'Sign in' },
  signInLead: { de: 'Melden Sie sich mit Ihrem Benutzernamen, Ihrem Passwort und dem Code aus Ihrer Authenticator-App an.', en: 'Sign in with your user name, password and the code from your authenticator app.' },
  account: { de: 'Benutzername', en: 'User name' },
  password: { de: 'Passwort', en: 'Password' },
  totp: { de: 'Code aus der Authenticator-App (6 Ziffern)', en: 'Code from the authenticator app (6 digits)' },
  signIn: { de: 'Anmelden', en: 'Sign in' },
  busy: { de: 'Einen Moment …', en: 'One moment …' },
  signedOut: { de: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.', en: 'Your session has ended. Please sign in again.' },
  queueTitle: { de: 'Prüfung: wartende Einreichungen', en: 'Review: waiting submissions' },
  waiting: { de: '{n} warten auf eine Entscheidung', en: '{n} waiting for a decision' },
  waitingMore: { de: 'mehr als {n} warten auf eine Entscheidung', en: 'more than {n} waiting for a decision' },
  filters: { de: 'Filter', en: 'Filters' },
  filterMeasure: { de: 'Maßnahme', en: 'Measure' },
  filterAll: { de: 'alle', en: 'all' },
  filterStation: { de: 'Station', en: 'Station' },
  filterBranch: { de: 'Geschäftsstelle', en: 'Branch' },
  filterAge: { de: 'Wartet seit mindestens (Tage)', en: 'Waiting at least (days)' },
  apply: { de: 'Anwenden', en: 'Apply' },
  startReview: { de: 'Älteste prüfen (P)', en: 'Review oldest (P)' },
  colReceived: { de: 'Eingang', en: 'Received' },
  colAge: { de: 'Alter', en: 'Age' },
  colKind: { de: 'Art', en: 'Kind' },
  colStation: { de: 'Station', en: 'Station' },
  colBranch: { de: 'Geschäftsstelle', en: 'Branch' },
  colYear: { de: 'Jahr', en: 'Year' },
  colMeasures: { de: 'Maßnahmen', en: 'Measures' },
  colRules: { de: 'Regelwerk', en: 'Rules engine' },
  colClaim: { de: 'In Bearbeitung', en: 'Being reviewed' },
  open: { de: 'Öffnen', en: 'Open' },
  nextPage: { de: 'Weitere anzeigen', en: 'Show more' },
  empty: { de: 'Keine Einreichung wartet.', en: 'No submission is waiting.' },
  days: { de: '{n} Tg.', en: '{n} d' },
  ruleOk: { de: 'ohne Befund', en: 'no finding' },
  ruleFindings: { de: '{n} Befund(e)', en: '{n} finding(s)' },
  kind_measures: { de: 'Nachweise', en: 'Proofs' },
  kind_participation: { de: 'Teilnahmeerklärung', en: 'Participation' },
  'kind_field-checkin': { de: 'Gesundheitsaktion', en: 'Health event' },
  'kind_payout-application': { de: 'Auszahlungsantrag', en: 'Payout application' },
  reviewTitle: { de: 'Einreichung prüfen', en: 'Review submission' },
  backToQueue: { de: 'Zurück zur Liste (Esc)', en: 'Back to the list (Esc)' },
  member: { de: 'Mitglied', en: 'Member' },
  unknownMember: { de: 'nicht im Bestand', en: 'not on record' },
  born: { de: 'geboren', en: 'born' },
  records: { de: 'Maßnahmen dieser Einreichung', en: 'Records of this submission' },
  performedOn: { de: 'durchgeführt am', en: 'performed on' },
  verdictOk: { de: 'Regelwerk: keine Einwände', en: 'Rules engine: no objection' },
  accept: { de: 'Anerkennen', en: 'Accept' },
  reject: { de: 'Ablehnen', en: 'Reject' },
  undecided: { de: 'offen', en: 'open' },
  accepted: { de: 'anerkannt', en: 'accepted' },
  rejected: { de: 'abgelehnt', en: 'rejected' },
  'partially-accepted': { de: 'teilweise anerkannt', en: 'partially accepted' },
  reason: { de: 'Grund (liest das Mitglied)', en: 'Reason (the member reads it)' },
  chooseReason: { de: 'Grund wählen …', en: 'Choose a reason …' },
  note: { de: 'Notiz (nur intern, N)', en: 'Note (internal only, N)' },
  send: { de: 'Entscheidung senden (Enter)', en: 'Send decision (Enter)' },
  acceptAll: { de: 'Alle anerkennen (A)', en: 'Accept all (A)' },
  keys: { de: 'Tasten: A alle anerkennen · ↑/↓ Maßnahme wählen · Leertaste anerkennen · R ablehnen, dann 1–9 Grund · N Notiz · +/− Zoom · Enter senden · Esc zurück', en: 'Keys: A accept all · ↑/↓ pick record · Space accept · R reject, then 1–9 reason · N note · +/− zoom · Enter send · Esc back' },
  evidence: { de: 'Nachweis', en: 'Evidence' },
  ev_photo: { de: 'Foto', en: 'photo' },
  ev_scan: { de: 'Scan', en: 'scan' },
  'ev_booklet-stamp': { de: 'Stempel im Heft', en: 'booklet stamp' },
  'ev_digital-entry': { de: 'digitale Angabe', en: 'digital entry' },
  'ev_signed-declaration': { de: 'unterschriebene Erklärung', en: 'signed declaration' },
  'ev_measured-value': { de: 'Messwert', en: 'measured value' },
  'ev_dated-self-declaration': { de: 'Angabe mit Datum', en: 'dated statement' },
  'ev_event-confirmation': { de: 'Bestätigung bei der Aktion', en: 'confirmed at the event' },
  noEvidence: { de: 'Kein Bild: digitale Angabe', en: 'No image: digital entry' },
  crop: { de: 'Feldausschnitt', en: 'Field crop' },
  page: { de: 'Heftseite', en: 'Booklet page' },
  photo: { de: 'Foto der Bescheinigung', en: 'Photo of the certificate' },
  zoomIn: { de: 'Vergrößern (+)', en: 'Zoom in (+)' },
  zoomOut: { de: 'Verkleinern (−)', en: 'Zoom out (−)' },
  booklet: { de: 'Bonusheft {year}', en: 'Booklet {year}' },
  notParticipating: { de: 'keine Teilnahmeerklärung für dieses Jahr', en: 'no participation declared for this year' },
  field_credited: { de: 'erfüllt', en: 'fulfilled' },
  'field_in-review': { de: 'in Prüfung', en: 'in review' },
  field_open: { de: 'offen', en: 'open' },
  claimedBy: { de: 'In Bearbeitung durch {who}', en: 'Being reviewed by {who}' },
  decidedNext: { de: 'Entschieden. Nächste Einreichung …', en: 'Decided. Next submission …' },
  allDone: { de: 'Alle wartenden Einreichungen sind entschieden.', en: 'All waiting submissions are decided.' },
  wholeSubmission: { de: 'Diese Einreichung hat keine einzelnen Maßnahmen: sie wird als Ganzes entschieden.', en: 'This submission has no single records: it is decided as a whole.' },
  decisions: { de: 'Bisherige Entscheidungen', en: 'Decisions so far' },
  findingsOf: { de: 'Befunde des Regelwerks', en: 'Findings of the rules engine' },
  payoutsTitle: { de: 'Auszahlungen', en: 'Payouts' },
  fourEyesNote: { de: 'Über {amount} gibt eine zweite Person frei (Vier-Augen-Prinzip).', en: 'Above {amount} a second person approves (four-eyes).' },
  applications: { de: 'Auszahlungsanträge', en: 'Payout applications' },
  colName: { de: 'Name', en: 'Name' },
  colAmount: { de: 'Betrag (vom Service berechnet)', en: 'Amount (computed by the service)' },
  colIban: { de: 'Konto', en: 'Account' },
  colState: { de: 'Stand', en: 'State' },
  colApprovals: { de: 'Freigaben', en: 'Approvals' },
  colAction: { de: 'Aktion', en: 'Action' },
  approve: { de: 'Freigeben', en: 'Approve' },
  approveSecond: { de: 'Zweite Freigabe', en: 'Second approval' },
  pay_open: { de: 'offen', en: 'open' },
  'pay_awaiting-second': { de: 'wartet auf zweite Freigabe', en: 'awaiting second approval' },
  pay_approved: { de: 'freigegeben', en: 'approved' },
  'pay_in-run': { de: 'im Zahllauf', en: 'in a run' },
  pay_paid: { de: 'ausgezahlt', en: 'paid' },
  pay_blocked: { de: 'nicht auszahlbar', en: 'not payable' },
  runs: { de: 'Zahlläufe', en: 'Payout runs' },
  newRun: { de: 'Zahllauf erstellen', en: 'Create payout run' },
  executionDay: { de: 'Ausführungstag', en: 'Execution day' },
  datePattern: { de: 'TT.MM.JJJJ', en: 'DD/MM/YYYY' },
  dateInvalid: { de: 'Bitte ein gültiges Datum als TT.MM.JJJJ eingeben, z. B. 15.03.2027.', en: 'Please enter a valid date as DD/MM/YYYY, e.g. 15/03/2027.' },
  colRun: { de: 'Nachricht', en: 'Message' },
  colItems: { de: 'Zahlungen', en: 'Transfers' },
  colTotal: { de: 'Summe', en: 'Total' },
  colPaid: { de: 'Ausgezahlt', en: 'Paid' },
  downloadPain: { de: 'pain.001 herunterladen', en: 'Download pain.001' },
  downloadTax: { de: 'Steuermeldung (CSV)', en: 'Tax report (CSV)' },
  markPaid: { de: 'Als ausgezahlt markieren', en: 'Mark as paid' },
  notYet: { de: 'noch nicht', en: 'not yet' },
  reclaims: { de: 'Rückforderungen nach Ausschluss (§ 2.5)', en: 'Reclaims after an exclusion (§2.5)' },
  noReclaims: { de: 'Keine Rückforderung offen.', en: 'No reclaim open.' },
  exclude: { de: 'Mitglied ausschließen (§ 2.5)', en: 'Exclude a member (§2.5)' },
  kvnr: { de: 'KVNR', en: 'KVNR' },
  excludeReason: { de: 'Begründung (nach Anhörung)', en: 'Grounds (after the hearing)' },
  excludeSubmit: { de: 'Ausschließen', en: 'Exclude' },
  colExcluded: { de: 'Ausgeschlossen am', en: 'Excluded on' },
  done: { de: 'Erledigt.', en: 'Done.' },
  noApplications: { de: 'Kein Auszahlungsantrag.', en: 'No payout application.' },
  fleetTitle: { de: 'Stationen', en: 'Stations' },
  alertsTitle: { de: 'Warnungen', en: 'Alerts' },
  noAlerts: { de: 'Keine Warnung.', en: 'No alert.' },
  holdNote: { de: 'Warnung, wenn eine Station Daten länger als {h} nicht übertragen hat oder sich {s} nicht gemeldet hat.', en: 'Alert when a station holds data longer than {h} without syncing or has not reported for {s}.' },
  hoursUnit: { de: '{n} Std.', en: '{n} h' },
  minutesUnit: { de: '{n} Min.', en: '{n} min' },
  secondsUnit: { de: '{n} Sek.', en: '{n} s' },
  colMode: { de: 'Modus', en: 'Mode' },
  colVersion: { de: 'Version', en: 'Version' },
  colContact: { de: 'Letzter Kontakt', en: 'Last contact' },
  colQueue: { de: 'Wartend', en: 'Waiting' },
  colOldest: { de: 'Ältestes wartet seit', en: 'Oldest waiting since' },
  colError: { de: 'Letzter Sync-Fehler', en: 'Last sync error' },
  colDevices: { de: 'Leser / Scanner / Drucker', en: 'Reader / scanner / printer' },
  colSkew: { de: 'Uhrabweichung', en: 'Clock skew' },
  colAudit: { de: 'Prüfkette', en: 'Audit chain' },
  mode_kiosk: { de: 'Kiosk', en: 'Kiosk' },
  mode_clerk: { de: 'Sachbearbeitung', en: 'Clerk desk' },
  mode_field: { de: 'Außeneinsatz', en: 'Field station' },
  device_ok: { de: 'bereit', en: 'ready' },
  device_busy: { de: 'belegt', en: 'busy' },
  device_missing: { de: 'fehlt', en: 'missing' },
  device_error: { de: 'Fehler', en: 'error' },
  'device_not-configured': { de: 'nicht eingerichtet', en: 'not set up' },
  device_unknown: { de: 'unbekannt', en: 'unknown' },
  audit_ok: { de: 'stimmt', en: 'checks out' },
  audit_mismatch: { de: 'gebrochen', en: 'broken' },
  audit_unknown: { de: 'unbekannt', en: 'unknown' },
  revoke: { de: 'Sperren', en: 'Revoke' },
  revoked: { de: 'gesperrt am {d}', en: 'revoked on {d}' },
  confirmRevoke: { de: 'Station {id} wirklich sperren? Sie kann danach nichts mehr übertragen.', en: 'Really revoke station {id}? It cannot sync anything afterwards.' },
  never: { de: 'nie', en: 'never' },
  archiveTitle: { de: 'Archiv-Export', en: 'Archive export' },
  archiveLead: { de: 'Jede entschiedene Einreichung als PDF mit Nachweisen und Entscheidung, dazu eine Indexdatei, in den Archivordner des Service.', en: 'Each decided submission as a PDF with evidence and decision, plus an index file, into the service’s archive folder.' },
  archiveRun: { de: 'Archiv-Export starten', en: 'Start archive export' },
  archived: { de: '{n} Dokument(e) nach {folder} geschrieben ({s} schon archiviert).', en: '{n} document(s) written to {folder} ({s} archived before).' },
  forbidden: { de: 'Ihre Rolle erlaubt diese Seite nicht.', en: 'Your role does not allow this page.' },
  // The rules engine's findings about a whole submission (service/rules/evaluate.ts); per-record ones go through reason().
  'finding_member.unknown': { de: 'Mitglied nicht im Bestand', en: 'Member not on record' },
  'finding_rule-set.none-for-year': { de: 'Kein Regelwerk für dieses Jahr', en: 'No rule set for this year' },
  'finding_station-claim.differs': { de: 'Betrag der Station weicht von der Berechnung des Service ab', en: 'The station’s amount differs from the service’s' },
  'finding_participation.consent_missing': { de: 'Teilnahme: Einwilligung nach § 284 SGB V fehlt', en: 'Participation: consent under §284 SGB V missing' },
  'finding_participation.representative_required': { de: 'Teilnahme: Erklärung der gesetzlichen Vertretung nötig', en: 'Participation: the legal representative must declare' },
  'finding_participation.declared_in_other_year': { de: 'Teilnahme: für ein anderes Jahr erklärt', en: 'Participation: declared for another year' },
  'finding_participation.program_mismatch': { de: 'Teilnahme: anderes Programm (Kind/Erwachsene)', en: 'Participation: other programme (child/adult)' },
  'finding_participation.not_declared': { de: 'Teilnahme: keine Erklärung für dieses Jahr', en: 'Participation: not declared for this year' },
  'finding_participation.no_membership': { de: 'Teilnahme: keine Mitgliedschaft', en: 'Participation: no membership' },
} as const;

export type TextKey = keyof typeof texts;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: TextKey, vars?: Record<string, string | number>): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  money(cents: number): string;
  measure(n: number): string;
  reason(code: string, measure: number): string;
  /** A whole-submission finding of the rules engine in the page's language; one this UI does not know is shown as its code. */
  finding(code: string): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>('de');
  const value = useMemo<I18n>(() => {
    const locale = lang === 'de' ? 'de-DE' : 'en-GB';
    const day = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
    const dayTime = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    const euro = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    const reason = (code: string, n: number) => {
      const title = measureOf(ruleSet2026, n)?.title ?? { de: String(n), en: String(n) };
      try {
        return reasonText(code as ReasonCode, { title })[lang];
      } catch {
        return code;
      }
    };
    return {
      lang,
      setLang,
      t: (key, vars = {}) => Object.entries(vars).reduce<string>((s, [k, v]) => s.replace(`{${k}}`, String(v)), texts[key][lang]),
      // A calendar day (YYYY-MM-DD) is shown as it is, never shifted by a time zone.
      date: (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? day.format(new Date(`${iso}T12:00:00Z`)) : day.format(new Date(iso))),
      dateTime: (iso) => dayTime.format(new Date(iso)),
      money: (cents) => euro.format(cents / 100),
      measure: (n) => `${n} · ${measureOf(ruleSet2026, n)?.title[lang] ?? ''}`,
      reason,
      finding: (code) => {
        if (`finding_${code}` in texts) return texts[`finding_${code}` as TextKey][lang];
        // "measure.<n>.<verdict>.<reason>": the member's sentence for that field.
        const perMeasure = /^measure\.(\d+)\.[a-z_]+\.([a-z_]+)$/.exec(code);
        return perMeasure ? reason(perMeasure[2]!, Number(perMeasure[1])) : code;
      },
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
