import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditHead } from '../contract/service-api';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { auditHashAt, auditHead, verifyAuditSegment } from '../store/audit-log';
import type { CallOptions, ServiceApi } from './service-api-client';
import { ServiceError } from './service-client';

/** The station's audit chain is broken or was refused by the service: nothing is sent until the IT has looked. */
export class AuditChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditChainError';
  }
}

export const auditBrokenText = (seq: number) =>
  `Das Prüfprotokoll dieser Station ist beschädigt (ab Eintrag ${seq}). Die Synchronisation ist angehalten, bis die IT das geklärt hat.`;
export const auditRefusedText =
  'Der Bonus-Service erkennt das Prüfprotokoll dieser Station nicht als Fortsetzung des zuletzt gemeldeten Stands (Einträge fehlen oder wurden ersetzt). Die Synchronisation ist angehalten; bitte die IT informieren.';

/** A full check of the whole chain at least this often; in between, only what was added since. */
const fullCheckEveryMs = 60 * 60_000;
/** Entries verified between two turns of the event loop (a few milliseconds' work). */
const segmentEntries = 2_000;

/**
 * Keeps the station's audit chain honest, locally and towards the service. The chain is verified
 * in full at start and at least hourly, and from the last verified entry before every sync round;
 * then its head is reported with this station's entry at the head the service holds, so that
 * the service can refuse a chain cut back or rewritten below it (service/routes/audit-heads.ts).
 */
export class AuditChainGuard {
  private verified: AuditHead | null = null;
  private fullCheckAt = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Verifies the chain, in steps that let the station's screen go on meanwhile (a year's log of a
   * clerk desk takes about two seconds in full); the first broken entry's number, or null.
   */
  async check(): Promise<number | null> {
    const full = this.verified === null || this.now() - this.fullCheckAt >= fullCheckEveryMs;
    let at = full ? null : this.verified;
    for (;;) {
      const segment = verifyAuditSegment(this.db, at, segmentEntries);
      if (segment.broken !== null) {
        this.verified = null;
        return segment.broken;
      }
      at = segment.last;
      if (segment.done) break;
      await yieldToEvents();
    }
    if (full) this.fullCheckAt = this.now();
    this.verified = at;
    // An empty log has nothing to anchor on: the next check is a full one again.
    if (this.verified === null) this.fullCheckAt = 0;
    return null;
  }

  /** Before a sync round: the local check, then the head reported to the service. Throws AuditChainError. */
  async report(api: ServiceApi, options: CallOptions): Promise<void> {
    const broken = await this.check();
    if (broken !== null) throw new AuditChainError(auditBrokenText(broken));
    // Twice at most: another process of this station (`station sync now` beside the running app)
    // may report a newer head between our read of the held head and our report; read afresh, that
    // head is one of ours and our own head is at least it. A chain really cut or rewritten fails again.
    for (let attempt = 1; ; attempt++) {
      const head = auditHead(this.db);
      if (!head) return;
      const { head: held } = await api.call('auditHead', {}, options);
      const mine = held ? auditHashAt(this.db, held.seq) : null;
      // Sent as it is also when it differs: the service keeps the mismatch as a flag.
      const since = held && mine ? { seq: held.seq, hash: mine } : null;
      try {
        // `read`: what this report was made against, so that a report overtaken by the other process is not taken for tampering.
        await api.call('reportAuditHead', { body: { head, since, read: held } }, options);
        return;
      } catch (error) {
        if (!(error instanceof ServiceError && error.code === 'audit_chain_mismatch')) throw error;
        // Moved on meanwhile: also when the service held no head yet, since right after enrollment the
        // running app and `station sync now` both make the first report. Read afresh, the service
        // compares again, so a chain really cut or rewritten is still refused.
        const moved = held === null || (mine !== null && held.seq < head.seq);
        if (attempt >= 2 || !moved) throw new AuditChainError(auditRefusedText);
      }
    }
  }
}
