import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { CatalogVersions, ChangeRequestCreate, FieldEvent, type ChangeRequestStatus, type MemberState } from '../contract/service-api';
import { getState } from './outbox';
import type { CallOptions, ServiceApi } from './service-api-client';
import { ServiceError } from './service-client';

/**
 * Calls a card session makes while the member stands at the station: they need the service
 * now and are not queued. Each throws NetworkError/ServiceError when the service cannot answer
 * (an unenrolled station: ServiceError unknown_station); the caller shows the station's offline
 * state instead.
 */

/** The member's bonus state for the KVNR and card number just read; null when the service knows no such member. */
export async function fetchMemberState(api: ServiceApi, card: { kvnr: string; cardNumber: string }, options: CallOptions = {}): Promise<MemberState | null> {
  try {
    return await api.call('memberState', { body: card }, options);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return null;
    throw error;
  }
}

/** Where the kiosk asks for the state of the member at the station; none on a station without a service. */
export interface MemberStateSource {
  memberState(card: { kvnr: string; cardNumber: string }): Promise<MemberState | null>;
}

/**
 * The member waits at the screen: a short timeout, after which the kiosk works from its own
 * records and says so, instead of the sync's patient 30 s.
 */
export function createMemberStateSource(api: ServiceApi, timeoutMs = 5_000): MemberStateSource {
  return { memberState: (card) => fetchMemberState(api, card, { timeoutMs }) };
}

/** Sends a protected bank or address change; it waits for the member's approval in the app. */
export async function requestChange(api: ServiceApi, change: z.input<typeof ChangeRequestCreate>, options: CallOptions = {}): Promise<ChangeRequestStatus> {
  return api.call('createChangeRequest', { body: ChangeRequestCreate.parse(change) }, options);
}

export async function changeStatus(api: ServiceApi, id: string, options: CallOptions = {}): Promise<ChangeRequestStatus> {
  return api.call('changeRequest', { params: { id } }, options);
}

/** Field events and catalog versions as last pulled by the sync worker (usable offline). */
export function pulledFieldEvents(db: Database): FieldEvent[] {
  const raw = getState(db, 'field-events');
  return raw ? z.array(FieldEvent).parse(JSON.parse(raw)) : [];
}

export function pulledCatalog(db: Database): z.infer<typeof CatalogVersions> | null {
  const raw = getState(db, 'catalog');
  return raw ? CatalogVersions.parse(JSON.parse(raw)) : null;
}
