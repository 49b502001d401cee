import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type BookletView, type CardSession, type EventPayload, type KioskMemberState, type KioskNotification, type KioskState, type SecondFactor } from '../contract';
import type { MemberState } from '../contract/service-api';
import { berlinDateOf, type Declaration, type RuleSet } from '../domain';
import type { EventHub } from '../runtime/event-hub';
import { errorName, type Logger } from '../runtime/logger';
import { appendAudit } from '../store/audit-log';
import type { StationService } from '../runtime/service';
import { enqueueSubmission, memberRef } from '../sync/outbox';
import { rejectionReasons, takeNotifications } from '../sync/notifications';
import type { MemberStateSource } from '../sync/online';
import { insurerFactsFor, insurerStateOf, loadedInsurerState, type InsurerState } from './member-state';
import { bookletView, type MemberFacts } from './booklet-view';
import { EvidenceDrafts, type EvidenceDraft, type NewDraft } from './evidence-drafts';
import { measuredValue, nameMatches, type AddEvidenceInput } from './kiosk-entries';
import { normalizeSignature } from './signature';
import { realTimeOf } from './kiosk-clock';
import { submitDrafts } from './kiosk-submission';
import { recordsOf } from '../store/measure-records';
import { normalizePhoto } from '../imaging/normalize';
import { isImagingError, type ImagingErrorCode } from '../imaging/errors';
import type { AddEvidenceResult, EvidenceDraftView, KioskReceipt } from '../contract';
import type { z } from 'zod';
import { DeclarationStore } from '../store/declarations';
import { IdentityLocks } from './identity-locks';
import { answerMatches, displayName, factorFor } from './second-factor';
import { programFor } from '../domain';

export interface KioskServiceOptions {
  db: Database;
  events: EventHub;
  log: Logger;
  stationId: string;
  secondFactor: SecondFactor;
  maxAttempts: number;
  lockMinutes: number;
  inactivitySeconds: number;
  /** The central service's member state; absent on a station without a service. */
  online?: MemberStateSource;
  now?: () => Date;
  /** The rule sets the kiosk evaluates with; the built-in ones when absent (kiosk.ruleSetFiles adds to them). */
  ruleSets?: readonly RuleSet[];
}

/** The member whose booklet is open, with what the insurer said about them (session data). */
interface MemberSession {
  member: MemberFacts;
  insurer: InsurerState;
  /** The service's answer as it came, for the rules engine; null when none. */
  insurerRecord: MemberState | null;
}

type Current =
  | { stage: 'identify'; sessionId: string; member: MemberFacts; factor: SecondFactor; attemptsLeft: number }
  | { stage: 'locked'; sessionId: string; until: string }
  | ({ stage: 'member'; sessionId: string; lastActivity: number; representative?: MemberFacts; notifications: KioskNotification[] } & MemberSession)
  | { stage: 'child-card'; sessionId: string; parent: MemberFacts; until: number }
  | { stage: 'ended'; sessionId: string };

/**
 * The member's self-service session at a kiosk: from the card read, through the second factor,
 * to the booklet. It holds the card's personal data in main only, shows the renderer just what
 * the current screen needs, and forgets everything the moment the card leaves the reader.
 */
export class KioskService implements StationService {
  readonly name = 'kiosk';
  private current: Current | null = null;
  private unsubscribe: (() => void) | undefined;
  private inactivityTimer: NodeJS.Timeout | undefined;
  private readonly locks: IdentityLocks;
  private readonly declarations: DeclarationStore;
  private readonly drafts = new EvidenceDrafts();
  private readonly now: () => Date;

  constructor(private readonly options: KioskServiceOptions) {
    this.locks = new IdentityLocks(options.db);
    this.declarations = new DeclarationStore(options.db);
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.publish({ stage: 'idle' });
    this.unsubscribe = this.options.events.subscribeInternal((name, payload) => {
      if (name === 'cardSessions') this.onSessions((payload as EventPayload<'cardSessions'>).sessions);
      if (name === 'cardRemoved') this.onRemoved(payload as EventPayload<'cardRemoved'>);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.wipe();
  }

  confirmIdentity(answer: string): { ok: true } | { ok: false; attemptsLeft: number; lockedUntil?: string } {
    const current = this.current;
    if (current?.stage !== 'identify') throw new ContractError('conflict', 'No card waiting for confirmation');
    const { member } = current;
    if (answerMatches(current.factor, answer, member.person)) {
      this.locks.clear(member.memberRef);
      this.audit('kiosk.identity.confirmed', member.memberRef);
      // Decisions the service sent since the last visit are shown now, once.
      const notifications = this.notificationsFor(member);
      this.current = { stage: 'member', sessionId: current.sessionId, member, lastActivity: this.now().getTime(), notifications, ...this.askInsurer(member) };
      this.publishMember();
      return { ok: true };
    }
    const failed = this.locks.get(member.memberRef).failedAttempts + 1;
    if (failed >= this.options.maxAttempts) {
      const until = new Date(this.now().getTime() + this.options.lockMinutes * 60_000).toISOString();
      this.locks.set(member.memberRef, 0, until);
      this.audit('kiosk.identity.locked', member.memberRef, `after ${failed} wrong answers`);
      this.current = { stage: 'locked', sessionId: current.sessionId, until };
      this.publish({ stage: 'locked', until });
      return { ok: false, attemptsLeft: 0, lockedUntil: until };
    }
    this.locks.set(member.memberRef, failed, null);
    this.audit('kiosk.identity.failed', member.memberRef);
    current.attemptsLeft = this.options.maxAttempts - failed;
    this.publish({ stage: 'identify', factor: current.factor, attemptsLeft: current.attemptsLeft });
    return { ok: false, attemptsLeft: current.attemptsLeft };
  }

  booklet(year?: number): BookletView {
    const member = this.requireMember();
    const nowMs = this.now().getTime();
    const shownYear = year ?? Number(berlinDateOf(nowMs).slice(0, 4));
    const view = this.bookletFor(member, shownYear, recordsOf(this.options.db, member.memberRef, shownYear));
    this.requireOpenYear(view, shownYear);
    this.audit('kiosk.booklet.view', member.memberRef, `year=${shownYear}`);
    return view;
  }

  /** The insurer's state of the member whose booklet is open (payout: masked bank details); null without a confirmed member. */
  memberState(): KioskMemberState | null {
    return this.current?.stage === 'member' ? this.current.insurer.view : null;
  }

  /** The confirmed member whose booklet is open, for the payout screen (payout-service.ts); refused like every member call. */
  confirmedMember(): { sessionId: string; member: MemberFacts; representative?: MemberFacts } {
    const member = this.requireMember();
    const current = this.current as Extract<Current, { stage: 'member' }>;
    return { sessionId: current.sessionId, member, ...(current.representative ? { representative: current.representative } : {}) };
  }

  /** §1: a parent opens the booklet of a child under 15 from the family members the insurer reported. */
  openFamilyChild(childId: string): { opened: true } {
    const parent = this.requireMember();
    const current = this.current as Extract<Current, { stage: 'member' }>;
    if (current.representative || !this.mayOpenChild(parent)) throw new ContractError('forbidden', "Only an adult member can open a child's booklet");
    this.requireNoDrafts();
    const child = current.insurer.children.get(childId);
    if (!child) throw new ContractError('invalid_input', 'No such family member', ['childId']);
    if (programFor(child.birthDate, berlinDateOf(this.now().getTime())) !== 'child') throw new ContractError('forbidden', 'The family member is 15 or over');
    // The child's card is not in the reader: what the booklet needs comes from the insurer's
    // family record; the child is insured through the parent (family insurance).
    const member: MemberFacts = {
      memberRef: memberRef(this.options.db, child.kvnr),
      person: { kvnr: child.kvnr, title: null, firstName: child.firstName, namePrefix: null, lastName: '', nameSuffix: null, birthDate: child.birthDate, sex: 'X', address: null },
      cover: { ...parent.cover, insuredType: 'family' },
      card: null,
    };
    this.audit('kiosk.child.open', member.memberRef, `from the insurer's family list by representative ${parent.memberRef.slice(0, 16)}`);
    this.current = {
      stage: 'member',
      sessionId: current.sessionId,
      member,
      insurer: insurerStateOf('off'),
      insurerRecord: null,
      representative: parent,
      lastActivity: this.now().getTime(),
      notifications: this.notificationsFor(member),
    };
    this.publishMember();
    return { opened: true };
  }

  /**
   * A photo (normalized, metadata stripped, checked for readability), a dated digital entry, a
   * signed declaration or a measured value for one field, as the catalog allows for it.
   */
  async addEvidence(input: AddEvidenceInput): Promise<z.output<typeof AddEvidenceResult>> {
    const member = this.requireMember();
    const nowMs = this.now().getTime();
    const today = berlinDateOf(nowMs);
    const year = Number(input.performedOn.slice(0, 4));
    if (input.performedOn > today) throw new ContractError('invalid_input', 'The measure cannot be in the future', ['performedOn']);
    const yearView = this.bookletFor(member, year, []);
    this.requireOpenYear(yearView, year);
    const field = yearView.fields.find((f) => f.measure === input.measure);
    if (!field) throw new ContractError('invalid_input', 'This measure is not in the member\'s booklet', ['measure']);
    if (!field.evidence.includes(input.kind)) throw new ContractError('invalid_input', 'The catalog does not accept this kind of proof for the measure', ['kind']);
    if (input.kind === 'certificate_photo' && !input.photoBase64) throw new ContractError('invalid_input', 'A photo is needed', ['photo']);
    if (input.kind === 'signed_declaration' || input.kind === 'measured_value') {
      const entry = input.kind === 'signed_declaration' ? await this.signedDeclaration(field, input) : measuredValue(field, input.measurement);
      if ('problem' in entry) return { accepted: false, problem: entry.problem };
      if (this.current?.stage !== 'member' || this.current.member !== member) throw new ContractError('forbidden', 'The session ended');
      const draft = this.drafts.add({ measure: input.measure, performedOn: input.performedOn, kind: input.kind, ...entry });
      this.audit('kiosk.evidence.entry', member.memberRef, `measure=${input.measure} kind=${input.kind}`);
      return { accepted: true, draft: draftView(draft) };
    }
    let page: Buffer | undefined;
    if (input.photoBase64) {
      try {
        const photo = await normalizePhoto(Buffer.from(input.photoBase64, 'base64'));
        if (photo.quality.verdict !== 'ok') return { accepted: false, problem: photo.quality.verdict };
        page = photo.jpeg;
      } catch (error) {
        if (isImagingError(error) && error.code !== 'worker_failed') return { accepted: false, problem: error.code };
        throw error;
      }
    }
    // The card may have left the reader while the photo was processed.
    if (this.current?.stage !== 'member' || this.current.member !== member) throw new ContractError('forbidden', 'The session ended');
    try {
      const draft = this.drafts.add({ measure: input.measure, performedOn: input.performedOn, kind: input.kind, ...(page ? { page } : {}), ...(input.draftId ? { draftId: input.draftId } : {}) });
      return { accepted: true, draft: draftView(draft) };
    } catch (error) {
      throw new ContractError('invalid_input', (error as Error).message, ['draftId']);
    }
  }

  /**
   * §2.2: the member (for a child the legal representative) signs the catalog's statement on
   * the touch screen, or confirms it by typing their name as on the card (keyboard alternative).
   */
  private async signedDeclaration(field: BookletView['fields'][number], input: AddEvidenceInput): Promise<Omit<NewDraft, 'measure' | 'performedOn' | 'kind'> | { problem: 'signature_empty' | 'name_mismatch' | Exclude<ImagingErrorCode, 'worker_failed'> }> {
    if (!field.statement) throw new ContractError('not_available', 'The catalog names no statement for this measure', ['measure']);
    if (input.draftId) throw new ContractError('invalid_input', 'A declaration has no further pages', ['draftId']);
    if (input.declaration?.statement !== field.statement) throw new ContractError('invalid_input', 'The declaration must state what the catalog asks for', ['declaration']);
    const signer = (this.representative() ?? this.requireMember()).person;
    if (input.declaration.typedName !== undefined) {
      if (input.photoBase64) throw new ContractError('invalid_input', 'Either a drawn signature or the typed name', ['photo']);
      return nameMatches(input.declaration.typedName, signer) ? { statement: field.statement, signedBy: 'typed-name' } : { problem: 'name_mismatch' };
    }
    if (!input.photoBase64) throw new ContractError('invalid_input', 'A signature or the typed name is needed', ['photo']);
    try {
      const signature = await normalizeSignature(Buffer.from(input.photoBase64, 'base64'));
      if (signature === 'empty') return { problem: 'signature_empty' };
      return { statement: field.statement, signedBy: 'drawn', page: signature.png, mediaType: 'image/png' };
    } catch (error) {
      if (isImagingError(error) && error.code !== 'worker_failed') return { problem: error.code };
      throw error;
    }
  }

  discardEvidence(draftId: string): boolean {
    this.requireMember();
    return this.drafts.remove(draftId);
  }

  draftList(): EvidenceDraftView[] {
    this.requireMember();
    return this.drafts.list().map(draftView);
  }

  /** Submits the session's drafts for one year; queued for the service, so it works offline too. */
  submit(year: number): KioskReceipt {
    const member = this.requireMember();
    const drafts = this.drafts.list().filter((d) => d.performedOn.startsWith(`${year}-`));
    if (drafts.length === 0) throw new ContractError('conflict', 'Nothing to submit for this year');
    this.requireOpenYear(this.bookletFor(member, year, []), year);
    const receipt = submitDrafts(this.options.db, { member, drafts, year, now: this.now() });
    for (const draft of drafts) this.drafts.remove(draft.draftId);
    return receipt;
  }

  /** §1, §4: the member declares participation for this year and consents under §284 SGB V; queued for the service in the same transaction. */
  declareParticipation(year: number, termsVersion: string): BookletView {
    const member = this.requireMember();
    const now = this.now();
    const today = berlinDateOf(now.getTime());
    if (year !== Number(today.slice(0, 4))) throw new ContractError('invalid_input', 'Participation can be declared for the running year only', ['year']);
    const before = this.booklet(year);
    if (!before.participation.canDeclare) throw new ContractError('conflict', 'Participation cannot be declared for this year');
    const submissionId = randomUUID();
    // §1: for a child under 15 the legal representative declares.
    const declaredByRole = this.representative() ? 'legal_representative' : 'self';
    this.options.db.transaction(() => {
      this.declarations.insert({
        id: randomUUID(),
        memberRef: member.memberRef,
        year,
        declaredAt: now.toISOString(),
        declaredOn: today,
        channel: 'kiosk',
        stationId: this.options.stationId,
        declaredByRole,
        declaredByRef: this.representative()?.memberRef ?? member.memberRef,
        termsVersion,
        submissionId,
      });
      enqueueSubmission(
        this.options.db,
        {
          id: submissionId,
          kind: 'participation',
          createdAt: now.toISOString(),
          participationYear: year,
          member: { kvnr: member.person.kvnr, ...(member.card ? { cardNumber: member.card.iccsn } : {}) },
          declaredBy: declaredByRole,
          measures: [],
        },
        [],
        now,
      );
      this.audit('kiosk.participation.declare', member.memberRef, `year=${year}`);
    })();
    return this.booklet(year);
  }

  /**
   * §1: a parent manages the booklet of a child under 15. The parent's confirmed session waits
   * (up to two minutes) for the child's card; the parent's card may be taken out meanwhile.
   * Which children belong to the parent cannot be checked offline: the physical card is the proof,
   * as in the insurer's app, and the service re-checks the family relation on submission.
   */
  openChild(): { until: string } {
    const parent = this.requireMember();
    if (this.representative() || !this.mayOpenChild(parent)) throw new ContractError('forbidden', 'Only an adult member can open a child\'s booklet');
    this.requireNoDrafts();
    const until = this.now().getTime() + 120_000;
    clearTimeout(this.inactivityTimer);
    this.current = { stage: 'child-card', sessionId: this.current!.sessionId, parent, until };
    this.inactivityTimer = setTimeout(() => this.wipe(), 120_000);
    this.inactivityTimer.unref();
    this.audit('kiosk.child.await', parent.memberRef);
    this.publish({ stage: 'child-card', until: new Date(until).toISOString() });
    return { until: new Date(until).toISOString() };
  }

  touch(): string | null {
    if (this.current?.stage !== 'member') return null;
    this.current.lastActivity = this.now().getTime();
    this.armInactivity();
    return this.expiresAt();
  }

  /** The member ends the session (or it timed out): nothing stays on screen; the card must come out. */
  end(reason: 'member' | 'inactivity' = 'member'): boolean {
    const current = this.current;
    if (!current || current.stage === 'ended') return false;
    if (current.stage === 'member') this.audit(reason === 'inactivity' ? 'kiosk.session.timeout' : 'kiosk.session.end', current.member.memberRef);
    this.current = { stage: 'ended', sessionId: current.sessionId };
    this.drafts.clear();
    clearTimeout(this.inactivityTimer);
    this.publish({ stage: 'ended', reason });
    return true;
  }

  private onSessions(sessions: CardSession[]): void {
    if (this.current?.stage === 'child-card') return this.onChildCardSessions(sessions, this.current);
    const session = sessions.at(-1);
    if (!session) return this.wipe();
    if (this.current && this.current.sessionId === session.sessionId && session.state === 'ready') return;
    if (this.current && this.current.sessionId !== session.sessionId) this.wipe();
    if (session.state === 'reading') return this.publish({ stage: 'reading' });
    if (session.state === 'rejected') {
      const { reason, coverStart, coverEnd, insurerName } = session;
      return this.publish({ stage: 'rejected', reason, ...(coverStart ? { coverStart } : {}), ...(coverEnd ? { coverEnd } : {}), ...(insurerName ? { insurerName } : {}) });
    }
    const member: MemberFacts = { memberRef: memberRef(this.options.db, session.person.kvnr), person: session.person, cover: session.cover, card: session.card };
    this.audit('kiosk.card.read', member.memberRef);
    const lock = this.locks.get(member.memberRef);
    if (lock.lockedUntil && new Date(lock.lockedUntil) > this.now()) {
      this.current = { stage: 'locked', sessionId: session.sessionId, until: lock.lockedUntil };
      return this.publish({ stage: 'locked', until: lock.lockedUntil });
    }
    const factor = factorFor(this.options.secondFactor, session.person);
    const attemptsLeft = this.options.maxAttempts - lock.failedAttempts;
    this.current = { stage: 'identify', sessionId: session.sessionId, member, factor, attemptsLeft };
    this.publish({ stage: 'identify', factor, attemptsLeft });
  }

  private onChildCardSessions(sessions: CardSession[], waiting: Extract<Current, { stage: 'child-card' }>): void {
    const child = sessions.find((s) => s.sessionId !== waiting.sessionId);
    if (!child || child.state === 'reading') return;
    if (child.state === 'rejected') {
      const { reason } = child;
      this.wipe();
      return this.publish({ stage: 'rejected', reason });
    }
    const today = berlinDateOf(this.now().getTime());
    if (programFor(child.person.birthDate, today) !== 'child') {
      this.audit('kiosk.child.refused', waiting.parent.memberRef, 'card of a person aged 15 or over');
      this.wipe();
      return this.publish({ stage: 'rejected', reason: 'not-a-child' });
    }
    const member: MemberFacts = { memberRef: memberRef(this.options.db, child.person.kvnr), person: child.person, cover: child.cover, card: child.card };
    this.audit('kiosk.child.open', member.memberRef, `by representative ${waiting.parent.memberRef.slice(0, 16)}`);
    const notifications = this.notificationsFor(member);
    this.current = { stage: 'member', sessionId: child.sessionId, member, representative: waiting.parent, lastActivity: this.now().getTime(), notifications, ...this.askInsurer(member) };
    this.publishMember();
  }

  private onRemoved(removed: EventPayload<'cardRemoved'>): void {
    // While waiting for the child's card, the parent's card may leave the reader.
    if (this.current?.stage === 'child-card' && removed.sessionId === this.current.sessionId) return;
    if (removed.duringRead) {
      this.wipe();
      this.publish({ stage: 'rejected', reason: 'removed-during-read' });
      return;
    }
    this.wipe();
  }

  /** Drops everything derived from the card at once and returns to the idle screen. */
  private wipe(): void {
    clearTimeout(this.inactivityTimer);
    this.drafts.clear();
    const had = this.current !== null;
    this.current = null;
    if (had) this.publish({ stage: 'idle' });
  }

  /** The booklet of one year with the insurer's state of the member and the reviewers' reasons. */
  private bookletFor(member: MemberFacts, year: number, records: ReturnType<typeof recordsOf>): BookletView {
    const current = this.current?.stage === 'member' ? this.current : undefined;
    const insurer = current && current.member === member && current.insurer.view.status === 'loaded' ? insurerFactsFor(current.insurerRecord, year) : undefined;
    return bookletView(member, year, this.declarations.forMember(member.memberRef), records, this.now().getTime(), this.representative()?.memberRef, {
      ...(insurer ? { insurer } : {}),
      reviewReasons: rejectionReasons(this.options.db, member.memberRef, year),
      ...(this.options.ruleSets ? { ruleSets: this.options.ruleSets } : {}),
    });
  }

  /** §2.1: the running year, or an earlier one until its submission deadline (30.06. of the next year). */
  private requireOpenYear(view: BookletView, year: number): void {
    if (year !== view.currentYear && !view.openEarlierYears.includes(year)) throw new ContractError('invalid_input', `The booklet ${year} can no longer be submitted`, ['year']);
  }

  private notificationsFor(member: MemberFacts): KioskNotification[] {
    return takeNotifications(this.options.db, member.person.kvnr, this.now()).map(({ about, year, amountCents, decision, accepted, rejected, reason }) => ({ about, year, amountCents, decision, accepted, rejected, reason }));
  }

  /**
   * Asks the service for the member's state with the KVNR and card number just read; the booklet
   * shows local records meanwhile and is recomputed when the answer arrives. An answer that
   * comes after the session ended is dropped.
   */
  private askInsurer(member: MemberFacts): Pick<MemberSession, 'insurer' | 'insurerRecord'> {
    const online = this.options.online;
    if (!online || !member.card) return { insurer: insurerStateOf('off'), insurerRecord: null };
    const settle = (insurer: InsurerState, record: MemberState | null) => {
      const current = this.current;
      if (current?.stage !== 'member' || current.member !== member) return;
      current.insurer = insurer;
      current.insurerRecord = record;
      this.publishMember();
    };
    online.memberState({ kvnr: member.person.kvnr, cardNumber: member.card.iccsn }).then(
      (state) => {
        if (this.current?.stage === 'member' && this.current.member === member) this.audit('kiosk.insurer-state.loaded', member.memberRef);
        settle(loadedInsurerState(this.options.db, state), state);
      },
      (error: unknown) => {
        this.options.log.warn('member state not available', { error: errorName(error) });
        settle(insurerStateOf('unavailable'), null);
      },
    );
    return { insurer: insurerStateOf('loading'), insurerRecord: null };
  }

  /** §2.4: proofs are never transferred between booklets; the parent's unsent ones must be submitted or removed first. */
  private requireNoDrafts(): void {
    if (this.drafts.list().length > 0) throw new ContractError('conflict', 'Submit or remove the proofs of this booklet first');
  }

  private representative(): MemberFacts | undefined {
    return this.current?.stage === 'member' ? this.current.representative : undefined;
  }

  private mayOpenChild(member: MemberFacts): boolean {
    const birth = member.person.birthDate;
    return !birth.includes('-00') && programFor(birth, berlinDateOf(this.now().getTime())) === 'adult';
  }

  private requireMember(): MemberFacts {
    if (this.current?.stage !== 'member') throw new ContractError('forbidden', 'No confirmed member at the kiosk');
    if (this.now().getTime() - this.current.lastActivity >= this.options.inactivitySeconds * 1000) {
      this.end('inactivity');
      throw new ContractError('forbidden', 'The session has ended after inactivity');
    }
    return this.current.member;
  }

  private publishMember(): void {
    if (this.current?.stage !== 'member') return;
    this.armInactivity();
    const { member, representative } = this.current;
    this.publish({
      stage: 'member',
      sessionId: this.current.sessionId,
      displayName: displayName(member.person),
      expiresAt: this.expiresAt()!,
      ...(representative ? { representativeName: displayName(representative.person) } : {}),
      mayOpenChild: !representative && this.mayOpenChild(member),
      notifications: this.current.notifications,
      memberState: this.current.insurer.view,
    });
  }

  private expiresAt(): string | null {
    return this.current?.stage === 'member' ? realTimeOf(this.now, this.current.lastActivity + this.options.inactivitySeconds * 1000).toISOString() : null;
  }

  private armInactivity(): void {
    clearTimeout(this.inactivityTimer);
    if (this.current?.stage !== 'member') return;
    const remaining = this.current.lastActivity + this.options.inactivitySeconds * 1000 - this.now().getTime();
    this.inactivityTimer = setTimeout(() => this.end('inactivity'), Math.max(0, remaining));
    this.inactivityTimer.unref();
  }

  private publish(state: KioskState): void {
    this.options.events.publish('kioskState', state);
  }

  private audit(action: string, subject: string, detail?: string): void {
    appendAudit(this.options.db, { actor: 'member', action, subject: `member:${subject.slice(0, 16)}`, ...(detail ? { detail } : {}) }, this.now());
    this.options.log.info(action);
  }
}

export type { Declaration };

function draftView(draft: EvidenceDraft): EvidenceDraftView {
  return { draftId: draft.draftId, measure: draft.measure, performedOn: draft.performedOn, kind: draft.kind as EvidenceDraftView['kind'], pages: draft.pages.length };
}
