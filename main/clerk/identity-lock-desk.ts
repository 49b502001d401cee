import { ContractError, type IdentityLockLiftResult, type IdentityLockProblem, type IdentityLockView, type StaffSessionView } from '../contract';
import type { Logger } from '../runtime/logger';
import type { ServiceApi } from '../sync/service-api-client';
import { ServiceError } from '../sync/service-client';
import type { BookletDesk } from './booklets-desk';
import type { BookletLinkSync } from './booklets-sync';

export interface IdentityLockDeskOptions {
  /** The member picks, and the desk's audit log (staff id and member reference, never a KVNR). */
  desk: Pick<BookletDesk, 'pick' | 'ref' | 'audit'>;
  /** The signed service client and the desk's bounded call options. */
  links: Pick<BookletLinkSync, 'online' | 'signed' | 'callOptions'>;
  /** The signed-in clerk, or a forbidden error. */
  requireStaff: () => StaffSessionView;
  log: Logger;
}

/**
 * The kiosk's second-factor lock of the picked member, at the clerk desk: shown, and lifted
 * once the clerk confirms having checked an official photo ID. The lock lives at the service
 * only (it counts failures across all kiosks), so without it nothing can be told or changed;
 * the service checks that this is a clerk station and audits the staff id sent here.
 */
export class IdentityLockDesk {
  constructor(private readonly options: IdentityLockDeskOptions) {}

  async status(pickId: string): Promise<IdentityLockView> {
    const staff = this.options.requireStaff();
    const pick = this.options.desk.pick(pickId);
    const body = { kvnr: pick.kvnr, staffId: staff.staffId };
    const answer = await this.ask((api) => api.call('identityLockStatus', { body }, this.options.links.callOptions));
    this.options.desk.audit(staff, 'clerk.identity-lock.status', `member:${this.options.desk.ref(pick.kvnr)}`, answer.ok ? (answer.value.lockedUntil ? 'locked' : 'not locked') : answer.problem);
    return answer.ok ? { ok: true, ...answer.value } : answer;
  }

  async lift(pickId: string, idChecked: boolean): Promise<IdentityLockLiftResult> {
    const staff = this.options.requireStaff();
    const pick = this.options.desk.pick(pickId);
    // The contract already demands it; a caller that bypasses the schema is still refused.
    if (idChecked !== true) throw new ContractError('invalid_input', 'The official photo ID must be checked first', ['idChecked']);
    const body = { kvnr: pick.kvnr, staffId: staff.staffId };
    const answer = await this.ask((api) => api.call('resetIdentityLock', { body }, this.options.links.callOptions));
    this.options.desk.audit(staff, answer.ok ? 'clerk.identity-lock.lift' : 'clerk.identity-lock.lift.failed', `member:${this.options.desk.ref(pick.kvnr)}`, answer.ok ? `photo id checked, was locked: ${answer.value.wasLocked}` : answer.problem);
    return answer.ok ? { ok: true, wasLocked: answer.value.wasLocked } : answer;
  }

  /** One call at the service, its failure in one word; without a signed client nothing is sent. */
  private async ask<T>(call: (api: ServiceApi) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; problem: IdentityLockProblem }> {
    if (!this.options.links.online) return { ok: false, problem: 'no-service' };
    const api = this.options.links.signed();
    if (!api) return { ok: false, problem: 'offline' };
    try {
      const value = await call(api);
      return { ok: true, value };
    } catch (error) {
      const problem = problemOf(error);
      if (problem === 'offline') this.options.log.warn('identity lock at the service not reached', { reason: error instanceof Error ? error.name : 'unknown' });
      return { ok: false, problem };
    }
  }
}

/** 404: nobody with this KVNR; 401/403: the service refused this station or staff; anything else: not reached. */
function problemOf(error: unknown): IdentityLockProblem {
  if (error instanceof ServiceError && error.status === 404) return 'unknown-member';
  if (error instanceof ServiceError && (error.status === 401 || error.status === 403)) return 'refused';
  return 'offline';
}
