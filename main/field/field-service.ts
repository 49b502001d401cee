import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Capture } from '../contract/service-api';
import { ContractError, type CardSession, type CheckInResult, type EventPayload, type FieldEventView, type FieldSummary, type StaffSessionView } from '../contract';
import { berlinDateOf, programFor } from '../domain';
import { checkKvnr } from '../domain/kvnr';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import { DeclarationStore } from '../store/declarations';
import { appendAudit } from '../store/audit-log';
import type { StationService } from '../runtime/service';
import { enqueueSubmission, memberRef } from '../sync/outbox';
import { memberPseudonym, openCheckInToken } from './checkin-token';
import { FieldEvents } from './field-events';
import { PulledCheckInCache } from './field-pull';
import { fieldSummary } from './field-summary';

export interface FieldServiceOptions {
  db: Database;
  events: EventHub;
  log: Logger;
  stationId: string;
  /** The signed-in field staff member, or a forbidden error (StaffService.require). */
  requireStaff: () => StaffSessionView;
  /** Insurers whose members this station serves (config card.insurerIks): QR codes of others are refused. */
  insurerIks?: readonly string[];
  now?: () => Date;
}

interface Person {
  kvnr: string;
  birthDate: string;
  cardNumber?: string;
  initials: string;
  /** How the member was there (the card read, the app's code, or typed by staff), for the service's presence check. */
  capture?: Capture;
}

/** Annex 1, measures 5/6: at most two company health actions count per participation year. */
const maxCompanyHealthMeasures = 2;
/** How long a desk can still record a participation declaration for a check-in just made. */
const declareWindowMs = 10 * 60_000;

/**
 * Check-in at company health events: staff select the event, members tap their eGK (or staff
 * type KVNR and birth date), and each check-in is decided at once and queued for the service.
 * Works offline for hours; nothing but initials reaches the screen.
 */
export class FieldService implements StationService {
  readonly name = 'field';
  private readonly fieldEvents: FieldEvents;
  private readonly declarations: DeclarationStore;
  private selectedId: string | null = null;
  private unsubscribe: (() => void) | undefined;
  private readonly seenSessions = new Set<string>();
  /** Recent check-ins whose member may still declare participation at the desk (in memory only). */
  private readonly recent = new Map<string, { person: Person; ref: string; year: number; at: number; result: CheckInResult }>();
  private readonly now: () => Date;
  private readonly pulled: PulledCheckInCache;

  constructor(private readonly options: FieldServiceOptions) {
    this.fieldEvents = new FieldEvents(options.db);
    this.pulled = new PulledCheckInCache(options.db);
    this.declarations = new DeclarationStore(options.db);
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.unsubscribe = this.options.events.subscribeInternal((name, payload) => {
      if (name === 'cardSessions') this.onSessions((payload as EventPayload<'cardSessions'>).sessions);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.recent.clear();
  }

  listEvents(): { events: FieldEventView[]; selectedId: string | null } {
    this.options.requireStaff();
    return { events: this.fieldEvents.list(), selectedId: this.selectedId };
  }

  createEvent(input: { title: string; company: string; date: string; measure: 5 | 6 }): FieldEventView {
    const staff = this.options.requireStaff();
    if (staff.role !== 'admin') throw new ContractError('forbidden', 'Only a field admin creates events on the station');
    const event = this.fieldEvents.create(input, staff.staffId, this.now());
    this.audit(staff, 'field.event.create', `event:${event.id}`);
    return event;
  }

  select(eventId: string): string {
    const staff = this.options.requireStaff();
    const event = this.fieldEvents.find(eventId);
    if (!event) throw new ContractError('not_found', 'No such event', ['eventId']);
    this.fieldEvents.keep(event);
    this.selectedId = eventId;
    this.audit(staff, 'field.event.select', `event:${eventId}`);
    return eventId;
  }

  manualCheckIn(kvnr: string, birthDate: string): CheckInResult {
    const check = checkKvnr(kvnr);
    if (!check.ok) return this.decide({ kvnr, birthDate, initials: '–' }, 'manual', 'invalid-kvnr');
    // Typed by staff: no proof the member was there, so a declaration from it goes to review.
    const staff = this.options.requireStaff();
    return this.decide({ kvnr, birthDate, initials: '–', capture: { method: 'staff-entry', readAt: this.now().toISOString(), staffId: staff.staffId } }, 'manual');
  }

  /**
   * The member's QR code from the insurer's app, read by the camera or typed by a hand scanner:
   * verified offline with the keys pulled for the event, then decided like a card tap.
   */
  qrCheckIn(code: string): CheckInResult {
    this.options.requireStaff();
    if (!this.selectedId) throw new ContractError('conflict', 'No event selected');
    const opened = openCheckInToken(code, { eventId: this.selectedId, state: this.pulled.get(this.selectedId)?.value.state ?? null, insurerIks: this.options.insurerIks ?? [], now: this.now() });
    if (!opened.ok) return this.decide({ kvnr: '', birthDate: '', initials: '–' }, 'qr', opened.reason);
    // The code itself is the proof: the service issued and signed it for this member and event.
    const capture: Capture = { method: 'app-code', readAt: this.now().toISOString(), code: code.trim() };
    return this.decide({ kvnr: opened.member.kvnr, birthDate: opened.member.birthDate, initials: opened.member.initials, capture }, 'qr');
  }

  /** §1, §4: the member at the desk declares participation for the year, consenting under §284 SGB V. */
  declareParticipation(checkInId: string): CheckInResult {
    const staff = this.options.requireStaff();
    const entry = this.recent.get(checkInId);
    if (!entry || this.now().getTime() - entry.at > declareWindowMs) throw new ContractError('not_found', 'That check-in is no longer at the desk');
    if (entry.result.participationDeclared) return entry.result;
    const now = this.now();
    const submissionId = randomUUID();
    this.options.db.transaction(() => {
      this.declarations.insert({
        id: randomUUID(),
        memberRef: entry.ref,
        year: entry.year,
        declaredAt: now.toISOString(),
        declaredOn: berlinDateOf(now.getTime()),
        channel: 'field',
        stationId: this.options.stationId,
        declaredByRole: 'self',
        declaredByRef: entry.ref,
        termsVersion: `${entry.year}-01-01`,
        submissionId,
      });
      const { capture } = entry.person;
      enqueueSubmission(
        this.options.db,
        { id: submissionId, kind: 'participation', createdAt: now.toISOString(), participationYear: entry.year, member: this.memberOf(entry.person), declaredBy: 'self', measures: [], ...(capture ? { capture } : {}) },
        [],
        now,
      );
      this.audit(staff, 'field.participation.declare', `member:${entry.ref.slice(0, 16)}`);
    })();
    entry.result = { ...entry.result, participationDeclared: true };
    this.options.events.publish('fieldCheckIn', entry.result);
    return entry.result;
  }

  summary(): FieldSummary {
    this.options.requireStaff();
    if (!this.selectedId) throw new ContractError('conflict', 'No event selected');
    return fieldSummary(this.options.db, this.selectedId);
  }

  private onSessions(sessions: CardSession[]): void {
    for (const session of sessions) {
      if (session.state === 'reading' || this.seenSessions.has(session.sessionId)) continue;
      this.seenSessions.add(session.sessionId);
      try {
        if (session.state === 'rejected') this.decide({ kvnr: '', birthDate: '', initials: '–' }, 'card', session.reason);
        else {
          const readAt = Number.isNaN(Date.parse(session.insertedAt)) ? this.now().toISOString() : new Date(session.insertedAt).toISOString();
          const capture: Capture = { method: 'card', readAt, cardNumber: session.card.iccsn };
          this.decide({ kvnr: session.person.kvnr, birthDate: session.person.birthDate, cardNumber: session.card.iccsn, initials: initialsOf(session.person.firstName, session.person.lastName), capture }, 'card');
        }
      } catch (error) {
        // No staff signed in or no event selected: the desk shows that already; the card is ignored.
        if (!(error instanceof ContractError)) throw error;
      }
    }
    const present = new Set(sessions.map((s) => s.sessionId));
    for (const id of this.seenSessions) if (!present.has(id)) this.seenSessions.delete(id);
  }

  private decide(person: Person, method: 'card' | 'manual' | 'qr', rejection?: CheckInResult['rejection']): CheckInResult {
    const staff = this.options.requireStaff();
    if (!this.selectedId) throw new ContractError('conflict', 'No event selected');
    const event = this.fieldEvents.find(this.selectedId)!;
    const now = this.now();
    const today = berlinDateOf(now.getTime());
    const year = Number(today.slice(0, 4));
    const id = randomUUID();
    const at = now.toISOString();
    const ref = person.kvnr ? memberRef(this.options.db, person.kvnr) : 'unknown';
    const insideEvent = at >= event.startsAt && at <= event.endsAt;
    const reason = rejection ?? (insideEvent ? undefined : 'outside-event');

    let outcome: CheckInResult['outcome'];
    let submissionId: string | null = null;
    if (reason) outcome = 'rejected';
    else if (programFor(person.birthDate, today) === 'child') outcome = 'child';
    else if (this.options.db.prepare("SELECT 1 FROM field_checkin WHERE event_id = ? AND member_ref = ? AND outcome = 'recorded'").get(event.id, ref)) outcome = 'duplicate';
    else if (this.companyHealthCount(ref, year, event.id, person.kvnr) >= maxCompanyHealthMeasures) outcome = 'limit-reached';
    else outcome = 'recorded';

    this.options.db.transaction(() => {
      if (outcome === 'recorded') {
        submissionId = randomUUID();
        const measure = event.measures[Math.min(this.companyHealthCount(ref, year, event.id, person.kvnr), event.measures.length - 1)] ?? 5;
        enqueueSubmission(
          this.options.db,
          {
            id: submissionId,
            kind: 'field-checkin',
            createdAt: at,
            participationYear: year,
            fieldEventId: event.id,
            member: this.memberOf(person),
            measures: [{ measure, performedOn: today, evidence: [{ kind: 'event-confirmation' }] }],
            ...(person.capture ? { capture: person.capture } : {}),
          },
          [],
          now,
        );
      }
      this.options.db
        .prepare('INSERT INTO field_checkin (id, event_id, member_ref, year, at, staff_id, method, outcome, reason, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, event.id, ref, year, at, staff.staffId, method, outcome, reason ?? null, submissionId);
      this.audit(staff, `field.checkin.${outcome}`, `event:${event.id}`, reason);
    })();

    const result: CheckInResult = {
      id,
      at,
      outcome,
      initials: person.initials,
      ...(reason ? { rejection: reason } : {}),
      participationDeclared: ref !== 'unknown' && this.declarations.forMember(ref).some((d) => d.year === year),
    };
    if (outcome !== 'rejected' && outcome !== 'child') this.recent.set(id, { person, ref, year, at: now.getTime(), result });
    for (const [key, entry] of this.recent) if (now.getTime() - entry.at > declareWindowMs) this.recent.delete(key);
    this.options.events.publish('fieldCheckIn', result);
    return result;
  }

  /**
   * Company health measures this member already has this year: what the insurer knew when the
   * event was last pulled (by the event's pseudonym), plus this station's check-ins the service
   * had not yet acknowledged then; without a pull, this station's own records alone.
   */
  private companyHealthCount(ref: string, year: number, eventId: string, kvnr: string): number {
    const { db } = this.options;
    const pulled = this.pulled.get(eventId);
    if (!pulled || pulled.value.state.year !== year) {
      const checkIns = db.prepare("SELECT count(*) FROM field_checkin WHERE member_ref = ? AND year = ? AND outcome = 'recorded'").pluck().get(ref, year) as number;
      const submitted = db.prepare("SELECT count(*) FROM measure_record WHERE member_ref = ? AND measure IN (5, 6) AND review != 'rejected' AND performed_on LIKE ?").pluck().get(ref, `${year}-%`) as number;
      return checkIns + submitted;
    }
    const known = pulled.counts.get(memberPseudonym(pulled.value.state.eventSecret, kvnr)) ?? 0;
    // The service's figure leaves out this event; this station's check-ins here and any it had
    // not delivered by the pull are added (acknowledged_at is this station's clock, as pulledAt).
    const notInPull = db
      .prepare(
        `SELECT count(*) FROM field_checkin c LEFT JOIN sync_outbox o ON o.submission_id = c.submission_id
          WHERE c.member_ref = ? AND c.year = ? AND c.outcome = 'recorded'
            AND (c.event_id = ? OR o.acknowledged_at IS NULL OR o.acknowledged_at > ?)`,
      )
      .pluck()
      .get(ref, year, eventId, pulled.value.pulledAt) as number;
    return known + notInPull;
  }

  private memberOf(person: Person): { kvnr: string; cardNumber?: string } {
    return person.cardNumber ? { kvnr: person.kvnr, cardNumber: person.cardNumber } : { kvnr: person.kvnr };
  }

  private audit(staff: StaffSessionView, action: string, subject: string, detail?: string): void {
    appendAudit(this.options.db, { actor: `staff:${staff.staffId}`, action, subject, ...(detail ? { detail } : {}) }, this.now());
    this.options.log.info(action);
  }
}

function initialsOf(firstName: string, lastName: string): string {
  return `${firstName.trim().charAt(0).toUpperCase()}. ${lastName.trim().charAt(0).toUpperCase()}.`;
}
