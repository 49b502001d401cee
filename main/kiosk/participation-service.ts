import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type BookletView } from '../contract';
import { berlinDateOf } from '../domain';
import { DeclarationStore } from '../store/declarations';
import { enqueueSubmission } from '../sync/outbox';
import type { MemberAudit } from './kiosk-audit';
import type { KioskSessionPort } from './kiosk-session-port';
import type { MemberBooklets } from './member-booklets';

export interface ParticipationServiceOptions {
  db: Database;
  session: KioskSessionPort;
  booklets: MemberBooklets;
  audit: MemberAudit;
  stationId: string;
  now: () => Date;
}

/**
 * §1, §4: the member declares participation for the running year and consents to the processing
 * of their data under §284 SGB V; the declaration is queued for the service in the same
 * transaction, so it works offline. For a child under 15 the legal representative declares.
 */
export class ParticipationService {
  private readonly declarations: DeclarationStore;

  constructor(private readonly options: ParticipationServiceOptions) {
    this.declarations = new DeclarationStore(options.db);
  }

  declare(year: number, termsVersion: string): BookletView {
    const { db, session, booklets } = this.options;
    const open = session.member();
    const { member, representative } = open;
    const now = this.options.now();
    const today = berlinDateOf(now.getTime());
    if (year !== Number(today.slice(0, 4))) throw new ContractError('invalid_input', 'Participation can be declared for the running year only', ['year']);
    if (!booklets.read(open, year).participation.canDeclare) throw new ContractError('conflict', 'Participation cannot be declared for this year');
    const submissionId = randomUUID();
    const declaredByRole = representative ? 'legal_representative' : 'self';
    db.transaction(() => {
      this.declarations.insert({
        id: randomUUID(),
        memberRef: member.memberRef,
        year,
        declaredAt: now.toISOString(),
        declaredOn: today,
        channel: 'kiosk',
        stationId: this.options.stationId,
        declaredByRole,
        declaredByRef: representative?.memberRef ?? member.memberRef,
        termsVersion,
        submissionId,
      });
      enqueueSubmission(
        db,
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
      this.options.audit('kiosk.participation.declare', member.memberRef, `year=${year}`);
    })();
    // The member sees the booklet again, now with the participation: a view like any other.
    return booklets.show(year);
  }
}
