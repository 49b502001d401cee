import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ClerkFieldVerdict, ClerkFieldView, ClerkPageDetail } from '../contract';
import { berlinDateOf, catalogFor, evaluateYear, measureOf, ruleSet2026, ruleSetForCase, type Declaration, type EvaluationCase, type MeasureRecord } from '../domain';
import { bookletTemplate, pageOf } from '../imaging/booklet/template';
import { recordIdsOf, recordsOf } from '../store/measure-records';
import { memberRef } from '../sync/outbox';
import { legacyAssignmentFor } from './legacy';
import { archiveOf, effectiveDecision, fieldsOf, summaryOf, type FieldRow, type PageRow } from './batch-store';

/**
 * Who a paper booklet belongs to, from the booklet register (booklet id → member, kept by the
 * clerk's booklet module). Only main sees these facts; the clerk's screen gets initials and
 * the birth year.
 */
export interface BookletOwner {
  kvnr: string;
  birthDate: string;
  /** "H. M." at most; null when the register keeps none. */
  initials: string | null;
  /** Start of insurance cover, if the register knows it; otherwise the booklet's year is taken as covered. */
  coverStart?: string;
  /** Participation declarations the register knows of (a handed-out paper booklet comes with one). */
  declarations?: Declaration[];
  /** The booklet's year and program as issued, for a page identified by hand. */
  year?: number;
  program?: 'adult' | 'child';
}

export type BookletOwnerLookup = (bookletId: string) => BookletOwner | null;

export type Blocker = ClerkPageDetail['blockers'][number];

/** Why a page cannot be booked (yet); empty when it can. */
export function blockersOf(page: PageRow, fields: FieldRow[], owner: BookletOwner | null): Blocker[] {
  const blockers: Blocker[] = [];
  // A page without marks becomes bookable once the clerk assigned it to a booklet by hand.
  if ((page.kind !== 'booklet_page' && page.kind !== 'unregistered') || !page.booklet_id) blockers.push('not-a-booklet-page');
  if (fields.some((f) => effectiveDecision(f) === 'unsure')) blockers.push('undecided-fields');
  if (page.booklet_id && !owner) blockers.push('no-member');
  if (!page.performed_on) blockers.push('no-date');
  if (page.flagged === 1) blockers.push('flagged');
  if (page.state !== 'verified') blockers.push('not-verified');
  return blockers;
}

/**
 * The rules engine's verdict on each stamped field, as if the page were booked: the member's
 * records known here plus one record per stamp, each on its own date (the field's, else the
 * page's, else today), as known at `now` (the station's clock: its business day). A stamp for a measure the member cannot get (wrong age, not a member
 * then, a limit reached) comes back 'rejected' or 'surplus' with the engine's reason in both
 * languages.
 *
 * A clerk station rarely knows the member's participation declaration (it is made at a kiosk or
 * on paper and held by the service). Without one the engine would call every stamp "no valid
 * participation", which the station cannot know: then the stamps are judged as if the member
 * took part, and what would count says that the service decides on the participation.
 */
export function verdictsFor(db: Database, page: PageRow, fields: FieldRow[], owner: BookletOwner, now: Date): Map<number, ClerkFieldVerdict> {
  const today = berlinDateOf(now.getTime());
  const verdicts = new Map<number, ClerkFieldVerdict>();
  const year = page.year;
  if (!year || !/^\d{4}-\d{2}-\d{2}$/.test(owner.birthDate)) return verdicts;
  const ref = memberRef(db, owner.kvnr);
  const pageDate = page.performed_on ?? (today.startsWith(`${year}-`) ? today : `${year}-12-31`);
  // A booked page's own records are its stamps: count them once.
  const own = new Set(page.submission_id ? recordIdsOf(db, page.submission_id) : []);
  const known = recordsOf(db, ref, year).filter((r) => !own.has(r.id));
  const candidates: MeasureRecord[] = fields
    .filter((f) => effectiveDecision(f) === 'stamped')
    .map((f) => ({ id: `page:${page.id}:${f.measure}`, participantRef: ref, measure: f.measure, date: f.performed_on ?? pageDate, evidence: 'booklet_stamp', review: 'pending' }));
  const declarations = owner.declarations ?? [];
  const participationKnown = declarations.length > 0;
  const assumed: Declaration = { year, declaredOn: `${year}-01-01`, channel: 'paper', declaredBy: { role: 'self', personRef: 'self' }, consentSgbV284: true, termsVersion: 'unknown-at-station' };
  const evaluationCase: EvaluationCase = {
    participant: {
      ref,
      birthDate: owner.birthDate,
      memberships: [{ from: owner.coverStart ?? `${year}-01-01` }],
      declarations: participationKnown ? declarations : [assumed],
      history: { checkUps: [], payouts: [] },
    },
    year,
    records: [...known, ...candidates],
    asOf: now.toISOString(),
  };
  const ruleSet = ruleSetForCase(evaluationCase);
  if (!ruleSet) return verdicts;
  const result = evaluateYear(evaluationCase, ruleSet);
  for (const v of result.records) {
    const candidate = candidates.find((c) => c.id === v.recordId);
    if (!candidate) continue;
    if (!participationKnown && (v.verdict === 'counted' || v.verdict === 'in_review')) {
      const title = measureOf(ruleSet, candidate.measure)?.title ?? { de: `Maßnahme ${candidate.measure}`, en: `Measure ${candidate.measure}` };
      verdicts.set(candidate.measure, {
        kind: 'in_review',
        reason: 'participation_unknown_here',
        text: {
          de: `${title.de}: Die Teilnahme für ${year} ist an dieser Station nicht bekannt; darüber entscheidet der Bonusservice.`,
          en: `${title.en}: this station does not know the participation for ${year}; the bonus service decides on it.`,
        },
      });
    } else verdicts.set(candidate.measure, { kind: v.verdict, reason: v.reason, text: { de: v.text.de, en: v.text.en } });
  }
  return verdicts;
}

/** Everything the verification screen shows of one page. */
export function pageDetail(db: Database, page: PageRow, owner: BookletOwner | null, now: Date, memberLookup: ClerkPageDetail['memberLookup'] = null): ClerkPageDetail {
  const fields = fieldsOf(db, page.id);
  // A page without marks: the fields are the clerk's regions, already in shares of the page.
  const regions = page.kind === 'unregistered' ? (legacyAssignmentFor(db, page.id)?.regions ?? []) : [];
  const ruleSet = (page.year ? catalogFor(`${page.year}-12-31`) : undefined) ?? ruleSet2026;
  const layout = page.program && page.page_no ? pageOf(bookletTemplate(page.program, ruleSet), page.page_no) : undefined;
  const size = bookletTemplate('adult').pageSize;
  const verdicts = owner ? verdictsFor(db, page, fields, owner, now) : new Map<number, ClerkFieldVerdict>();
  const archive = archiveOf(db, page.id);
  const views: ClerkFieldView[] = fields.map((f) => {
    const area = layout?.fields.find((l) => l.measure === f.measure)?.area;
    const region = regions.find((r) => r.measure === f.measure)?.rect;
    const title = measureOf(ruleSet, f.measure)?.title;
    return {
      measure: f.measure,
      title: title ? { de: title.de, en: title.en } : { de: `Maßnahme ${f.measure}`, en: `Measure ${f.measure}` },
      recognized: f.recognized,
      confidence: f.confidence,
      inkShare: f.ink_share,
      decision: f.decision,
      effective: effectiveDecision(f),
      area: area
        ? { x: area.x / size.width, y: area.y / size.height, width: area.width / size.width, height: area.height / size.height }
        : (region ?? { x: 0, y: 0, width: 0, height: 0 }),
      performedOn: f.performed_on,
      verdict: effectiveDecision(f) === 'stamped' ? (verdicts.get(f.measure) ?? null) : null,
    };
  });
  return {
    ...summaryOf(db, page),
    batchId: page.batch_id,
    upsideDown: page.upside_down === 1,
    reassigned: page.reassigned === 1,
    image: archive ? `data:image/jpeg;base64,${archive.toString('base64')}` : null,
    imageSize: page.archive_width && page.archive_height ? { width: page.archive_width, height: page.archive_height } : null,
    fields: views,
    performedOn: page.performed_on,
    flagNote: page.flag_note,
    member: owner ? { initials: owner.initials ?? '', birthYear: Number(owner.birthDate.slice(0, 4)) } : null,
    memberLookup: owner || !page.booklet_id ? null : memberLookup,
    blockers: blockersOf(page, fields, owner),
  };
}
