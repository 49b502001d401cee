import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StationConfig } from '../config/station-config';
import type { RuleSet } from '../domain';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import type { MemberStateSource } from '../sync/online';
import { EvidenceService } from './evidence-service';
import { FamilyService } from './family-service';
import { memberAudit } from './kiosk-audit';
import { KioskDocumentScan, type DocumentScanner } from './kiosk-document-scan';
import { KioskIdentification } from './kiosk-identification';
import type { InsurerIdentity } from './insurer-identity';
import { KioskSession } from './kiosk-session';
import { MemberBooklets } from './member-booklets';
import { PaperBooklet } from './paper-booklet';
import { ParticipationService } from './participation-service';
import type { ChangeRequestSource } from './payout-online';
import { PayoutService } from './payout-service';
import { ProtectedChanges } from './protected-changes';
import type { KioskImaging } from './readable-photo';

export interface KioskOptions {
  db: Database;
  events: EventHub;
  log: Logger;
  stationId: string;
  config: Pick<StationConfig['kiosk'], 'secondFactor' | 'maxIdentityAttempts' | 'identityLockMinutes' | 'inactivityTimeoutSeconds'> & Partial<Pick<StationConfig['kiosk'], 'appApproval' | 'offlineIdentity'>>;
  imaging: KioskImaging;
  /** The station's scanner; null where the kiosk has none to offer members. */
  scanner: DocumentScanner | null;
  /** The central service's member state; absent on a station without a service. */
  online?: MemberStateSource;
  /** The insurer's check of the second factor and the app approval; absent on a station without a service. */
  insurer?: InsurerIdentity;
  /** How often the app approval's state is asked (tests shorten it). */
  approvalPollMs?: number;
  /** Protected bank and address changes; null on a station without a service. */
  changes: ChangeRequestSource | null;
  /** The kiosk's clock (kiosk-clock.ts); the real one when absent. */
  now?: () => Date;
  /** The rule sets the kiosk evaluates with; the built-in ones when absent (kiosk.ruleSetFiles adds to them). */
  ruleSets?: readonly RuleSet[];
  /** How long the screen waits for the app's approval of a protected change at most. */
  maxChangeWaitMs?: number;
}

/** The kiosk's services, built around the one member session they all work through. */
export interface Kiosk {
  readonly session: KioskSession;
  readonly identification: KioskIdentification;
  readonly booklets: MemberBooklets;
  readonly evidence: EvidenceService;
  readonly participation: ParticipationService;
  readonly family: FamilyService;
  readonly payout: PayoutService;
  readonly changes: ProtectedChanges;
  readonly scan: KioskDocumentScan | null;
  readonly paperBooklet: PaperBooklet;
  /** In start order: the session before what feeds it, so no card event finds it unready. */
  readonly services: readonly StationService[];
}

export function createKiosk(options: KioskOptions): Kiosk {
  const { db, events, log, config } = options;
  const now = options.now ?? (() => new Date());
  const audit = memberAudit(db, log.child('audit'), now);
  const session = new KioskSession({ db, events, log: log.child('session'), audit, inactivitySeconds: config.inactivityTimeoutSeconds, now, ...(options.online ? { online: options.online } : {}) });
  const identification = new KioskIdentification({
    db,
    subscribe: (listener) => events.subscribeInternal(listener),
    session,
    audit,
    secondFactor: config.secondFactor,
    maxAttempts: config.maxIdentityAttempts,
    lockMinutes: config.identityLockMinutes,
    now,
    log: log.child('identification'),
    appApproval: config.appApproval ?? 'off',
    offlineIdentity: config.offlineIdentity ?? 'reduced',
    ...(options.insurer ? { insurer: options.insurer } : {}),
    ...(options.approvalPollMs ? { approvalPollMs: options.approvalPollMs } : {}),
  });
  const booklets = new MemberBooklets({ db, session, audit, now, ...(options.ruleSets ? { ruleSets: options.ruleSets } : {}) });
  const evidence = new EvidenceService({ db, session, booklets, imaging: options.imaging, audit, now });
  const participation = new ParticipationService({ db, session, booklets, audit, stationId: options.stationId, now });
  const family = new FamilyService({ db, session, hasDrafts: () => evidence.hasDrafts(), audit, now });
  const changes = new ProtectedChanges({ session, changes: options.changes, audit, log: log.child('changes'), ...(options.maxChangeWaitMs ? { maxWaitMs: options.maxChangeWaitMs } : {}) });
  const payout = new PayoutService({ db, session, booklets, changes, log: log.child('payout'), now });
  const scan = options.scanner ? new KioskDocumentScan({ scanner: options.scanner, subscribe: (listener) => events.subscribeInternal(listener), session, imaging: options.imaging, log: log.child('scan') }) : null;
  const paperBooklet = new PaperBooklet({ db, session, booklets, imaging: options.imaging, scan, audit, now, ...(options.online ? { online: options.online } : {}) });
  return { session, identification, booklets, evidence, participation, family, payout, changes, scan, paperBooklet, services: [session, identification, changes] };
}
