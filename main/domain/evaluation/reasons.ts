import { type CalendarDate, writtenDate } from '../calendar/calendar-date';
import type { LocalizedText } from '../catalog/measure';

/** Machine-readable reasons; each maps to a sentence a member understands. */
export type ReasonCode =
  | 'counted'
  | 'evidence_in_review'
  | 'already_fulfilled'
  | 'wrong_participant'
  | 'unknown_measure'
  | 'other_program'
  | 'not_participating'
  | 'other_year'
  | 'before_participation'
  | 'after_participation_ended'
  | 'outside_membership'
  | 'date_in_future'
  | 'evidence_not_accepted'
  | 'review_rejected'
  | 'excluded_activity'
  | 'topic_not_covered'
  | 'value_missing'
  | 'value_out_of_range'
  | 'statement_missing'
  | 'below_minimum_age'
  | 'check_up_too_young'
  | 'check_up_once_used'
  | 'check_up_interval'
  | 'limit_reached'
  | 'duplicate_event'
  | 'forfeited_misuse'
  | 'misuse_check'
  | 'needs_each_half_year'
  | 'no_evidence';

export interface ReasonContext {
  /** The measure's title in both languages. */
  title: LocalizedText;
  /** A date the sentence names (e.g. the next possible check-up). */
  date?: CalendarDate;
  /** A band note from the catalog (e.g. the half-year rule for 15-17 year olds). */
  note?: LocalizedText;
}

const german = (date: CalendarDate | undefined) => writtenDate(date, 'de');
const english = (date: CalendarDate | undefined) => writtenDate(date, 'en');

type Sentence = (c: ReasonContext) => LocalizedText;

const sentences: Record<ReasonCode, Sentence> = {
  counted: (c) => ({ de: `${c.title.de}: erfüllt.`, en: `${c.title.en}: fulfilled.` }),
  evidence_in_review: (c) => ({
    de: `${c.title.de}: Der Nachweis liegt vor und wird noch geprüft.`,
    en: `${c.title.en}: the proof has arrived and is being reviewed.`,
  }),
  already_fulfilled: (c) => ({
    de: `${c.title.de}: Das Feld ist schon erfüllt; jede Maßnahme zählt einmal im Jahr.`,
    en: `${c.title.en}: the field is already fulfilled; each measure counts once a year.`,
  }),
  wrong_participant: (c) => ({
    de: `${c.title.de}: Der Nachweis gehört zu einer anderen Person. Maßnahmen können nicht übertragen werden (§ 2.4).`,
    en: `${c.title.en}: the proof belongs to another person. Measures cannot be transferred (§2.4).`,
  }),
  unknown_measure: () => ({
    de: 'Diese Maßnahme gibt es im Bonusprogramm nicht (Anlage 1).',
    en: 'This measure is not part of the bonus program (annex 1).',
  }),
  other_program: (c) => ({
    de: `${c.title.de}: Diese Maßnahme gehört zum anderen Programm (Erwachsene 1-12, Kinder 13-18).`,
    en: `${c.title.en}: this measure belongs to the other program (adults 1-12, children 13-18).`,
  }),
  not_participating: (c) => ({
    de: `${c.title.de}: Für dieses Jahr besteht keine gültige Teilnahme (§ 1).`,
    en: `${c.title.en}: there is no valid participation for this year (§1).`,
  }),
  other_year: (c) => ({
    de: `${c.title.de}: Eine Maßnahme zählt nur im Kalenderjahr, in dem sie durchgeführt wurde (§ 2.3).`,
    en: `${c.title.en}: a measure counts only in the calendar year in which it was performed (§2.3).`,
  }),
  before_participation: (c) => ({
    de: `${c.title.de}: Die Maßnahme lag vor Beginn der Teilnahme am ${german(c.date)} (§ 2.1).`,
    en: `${c.title.en}: the measure was before participation began on ${english(c.date)} (§2.1).`,
  }),
  after_participation_ended: (c) => ({
    de: `${c.title.de}: Die Maßnahme lag nach dem Ende der Teilnahme am ${german(c.date)} (§ 3.2).`,
    en: `${c.title.en}: the measure was after participation ended on ${english(c.date)} (§3.2).`,
  }),
  outside_membership: (c) => ({
    de: `${c.title.de}: Am Tag der Maßnahme bestand keine Mitgliedschaft bei der BMW BKK (§ 2.1).`,
    en: `${c.title.en}: there was no membership with BMW BKK on the day of the measure (§2.1).`,
  }),
  date_in_future: (c) => ({
    de: `${c.title.de}: Das Datum der Maßnahme liegt in der Zukunft.`,
    en: `${c.title.en}: the date of the measure is in the future.`,
  }),
  evidence_not_accepted: (c) => ({
    de: `${c.title.de}: Diese Art von Nachweis wird für diese Maßnahme nicht anerkannt (§ 2.2).`,
    en: `${c.title.en}: this kind of proof is not accepted for this measure (§2.2).`,
  }),
  review_rejected: (c) => ({
    de: `${c.title.de}: Der Nachweis wurde bei der Prüfung nicht anerkannt.`,
    en: `${c.title.en}: the proof was not accepted in the review.`,
  }),
  excluded_activity: (c) => ({
    de: `${c.title.de}: Leistungswettbewerbe und schulische Pflichtveranstaltungen werden nicht bonifiziert (Anlage 1).`,
    en: `${c.title.en}: competitive contests and mandatory school events do not count (annex 1).`,
  }),
  topic_not_covered: (c) => ({
    de: `${c.title.de}: Der Kurs gehört zu keinem der anerkannten Handlungsfelder (Anlage 1).`,
    en: `${c.title.en}: the course is not in one of the recognised fields of action (annex 1).`,
  }),
  value_missing: (c) => ({ de: `${c.title.de}: Der Messwert fehlt.`, en: `${c.title.en}: the measured value is missing.` }),
  value_out_of_range: (c) => ({
    de: `${c.title.de}: Der Messwert liegt außerhalb des gültigen Bereichs.`,
    en: `${c.title.en}: the measured value is outside the valid range.`,
  }),
  statement_missing: (c) => ({
    de: `${c.title.de}: Die unterschriebene Erklärung fehlt oder hat nicht den geforderten Inhalt.`,
    en: `${c.title.en}: the signed declaration is missing or does not say what is required.`,
  }),
  below_minimum_age: (c) => ({
    de: `${c.title.de}: Die Maßnahme zählt erst ab dem geforderten Alter (Anlage 1).`,
    en: `${c.title.en}: the measure counts only from the required age (annex 1).`,
  }),
  check_up_too_young: (c) => ({
    de: `${c.title.de}: Der Check-Up zählt ab dem 18. Geburtstag (Anlage 1, Nr. 7).`,
    en: `${c.title.en}: the check-up counts from the 18th birthday (annex 1, no. 7).`,
  }),
  check_up_once_used: (c) => ({
    de: `${c.title.de}: Zwischen 18 und 35 Jahren zählt der Check-Up nur einmal, und er wurde schon genutzt (Anlage 1, Nr. 7).`,
    en: `${c.title.en}: between 18 and 35 the check-up counts only once, and it has been used already (annex 1, no. 7).`,
  }),
  check_up_interval: (c) => ({
    de: `${c.title.de}: Ab 35 zählt der Check-Up alle drei Jahre; der nächste zählt ab ${german(c.date)} (Anlage 1, Nr. 7).`,
    en: `${c.title.en}: from 35 the check-up counts every three years; the next one counts from ${english(c.date)} (annex 1, no. 7).`,
  }),
  limit_reached: (c) => ({
    de: `${c.title.de}: Es zählen höchstens zwei Gesundheitsaktionen im Teilnahmejahr (Anlage 1, Nr. 5 und 6).`,
    en: `${c.title.en}: at most two health actions count per participation year (annex 1, no. 5 and 6).`,
  }),
  duplicate_event: (c) => ({
    de: `${c.title.de}: Diese Gesundheitsaktion wurde schon gezählt.`,
    en: `${c.title.en}: this health action has already been counted.`,
  }),
  forfeited_misuse: (c) => ({
    de: `${c.title.de}: Nach dem Ausschluss wegen Missbrauchs verfallen die gesammelten Bonusfelder (§ 2.5).`,
    en: `${c.title.en}: after the exclusion for misuse the collected fields are forfeited (§2.5).`,
  }),
  misuse_check: (c) => ({
    de: `${c.title.de}: Wegen eines Verdachts auf Missbrauch ruht die Wertung, bis die Prüfung abgeschlossen ist (§ 2.5).`,
    en: `${c.title.en}: because of a suspicion of misuse, the field is on hold until the review is finished (§2.5).`,
  }),
  needs_each_half_year: (c) =>
    c.note ?? {
      de: `${c.title.de}: Es ist eine Untersuchung in jedem Kalenderhalbjahr nötig.`,
      en: `${c.title.en}: a check-up in each calendar half-year is needed.`,
    },
  no_evidence: (c) => ({
    de: `${c.title.de}: Noch kein Nachweis. Was nicht dokumentiert ist, kann nicht bonifiziert werden (§ 2.2).`,
    en: `${c.title.en}: no proof yet. What is not documented cannot be rewarded (§2.2).`,
  }),
};

/** Texts without a date depend only on the title: shared (and frozen) across evaluations. */
const byTitle = new WeakMap<LocalizedText, Map<ReasonCode, LocalizedText>>();

export function reasonText(code: ReasonCode, context: ReasonContext): LocalizedText {
  if (context.date !== undefined || context.note !== undefined) return sentences[code](context);
  let texts = byTitle.get(context.title);
  if (!texts) {
    texts = new Map();
    byTitle.set(context.title, texts);
  }
  let text = texts.get(code);
  if (!text) {
    text = Object.freeze(sentences[code](context));
    texts.set(code, text);
  }
  return text;
}
