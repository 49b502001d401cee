import { type CalendarDate, yearOf } from '../calendar/calendar-date';
import type { LocalizedText } from '../catalog/measure';
import type { MisuseRecord, Participant, Payout } from '../case/schema';

export type MisuseState = 'none' | 'suspected' | 'exclusion_without_hearing' | 'excluded';

export interface MisuseEvaluation {
  state: MisuseState;
  /** §2.5: paid premiums that may be reclaimed after an exclusion. */
  reclaimable: Payout[];
  text: LocalizedText | null;
}

const texts: Record<Exclude<MisuseState, 'none'>, LocalizedText> = {
  suspected: {
    de: 'Es besteht ein Verdacht auf missbräuchliche Nutzung. Bis zur Klärung wird nichts ausgezahlt; vor einer Entscheidung werden Sie angehört (§ 2.5).',
    en: 'There is a suspicion of misuse. Nothing is paid until it is cleared; you will be heard before any decision (§2.5).',
  },
  exclusion_without_hearing: {
    de: 'Ein Ausschluss ist erst nach einer Anhörung wirksam (§ 2.5). Die Anhörung ist nicht erfasst; die Wertung ruht.',
    en: 'An exclusion takes effect only after a hearing (§2.5). No hearing is recorded; the evaluation is on hold.',
  },
  excluded: {
    de: 'Sie wurden wegen missbräuchlicher Nutzung vom Bonusprogramm ausgeschlossen. Die gesammelten Bonusfelder verfallen; bereits ausgezahlte Prämien können zurückgefordert werden (§ 2.5).',
    en: 'You were excluded from the bonus program for misuse. The collected fields are forfeited; premiums already paid can be reclaimed (§2.5).',
  },
};

/** §2.5: the participant must be heard before an exclusion; true when that is recorded. */
export function hearingPrecedes(misuse: MisuseRecord, excludedOn: CalendarDate): boolean {
  return misuse.hearing !== undefined && misuse.hearing.heldOn <= excludedOn;
}

/** The years an exclusion forfeits: those named, else the year of the exclusion. */
export function forfeitedYears(misuse: MisuseRecord): number[] {
  const exclusion = misuse.exclusion;
  if (!exclusion) return [];
  return exclusion.forfeitedYears ?? [yearOf(exclusion.excludedOn)];
}

/** §2.5 for one participation year as known on `asOfDate`. */
export function misuseFor(participant: Participant, year: number, asOfDate: CalendarDate): MisuseEvaluation {
  const misuse = participant.misuse;
  if (!misuse) return { state: 'none', reclaimable: [], text: null };
  const exclusion = misuse.exclusion;
  if (exclusion && exclusion.excludedOn <= asOfDate && forfeitedYears(misuse).includes(year)) {
    if (!hearingPrecedes(misuse, exclusion.excludedOn)) return { state: 'exclusion_without_hearing', reclaimable: [], text: texts.exclusion_without_hearing };
    // §2.5: premiums already paid for a forfeited year can be reclaimed.
    const reclaimable = participant.history.payouts.filter((p) => p.year === year);
    return { state: 'excluded', reclaimable, text: texts.excluded };
  }
  const cleared = misuse.suspicionClearedOn !== undefined && misuse.suspicionClearedOn <= asOfDate;
  const suspicionOpen = misuse.suspicionRaisedOn !== undefined && misuse.suspicionRaisedOn <= asOfDate && !exclusion && !cleared;
  if (suspicionOpen) return { state: 'suspected', reclaimable: [], text: texts.suspected };
  return { state: 'none', reclaimable: [], text: null };
}

export type ExclusionDecision = { ok: true; misuse: MisuseRecord } | { ok: false; reason: 'hearing_missing' };

/**
 * §2.5: records an exclusion, which the terms allow only after the participant was heard.
 * Without a hearing on or before the exclusion day the decision is refused.
 */
export function excludeParticipant(misuse: MisuseRecord, exclusion: NonNullable<MisuseRecord['exclusion']>): ExclusionDecision {
  if (!hearingPrecedes(misuse, exclusion.excludedOn)) return { ok: false, reason: 'hearing_missing' };
  return { ok: true, misuse: { ...misuse, exclusion } };
}
