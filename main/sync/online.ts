import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { CatalogVersions, ChangeRequestCreate, ChangeRequestStatus, FieldEvent, MemberState } from '../contract/service-api';
import { loadIdentity } from './identity';
import { getState } from './outbox';
import { ServiceClient, ServiceError } from './service-client';

/**
 * Calls a card session makes while the member stands at the station: they need the service
 * now and are not queued. Each throws NetworkError/ServiceError when the service cannot answer;
 * the caller shows the station's offline state instead.
 */
function signedClient(db: Database, client: ServiceClient): ServiceClient {
  const stored = loadIdentity(db);
  if (!stored?.enrolledAt) throw new ServiceError(401, 'unknown_station', 'This station is not enrolled');
  client.setIdentity(stored.identity);
  return client;
}

/** The member's bonus state for the KVNR and card number just read; null when the service knows no such member. */
export async function fetchMemberState(db: Database, client: ServiceClient, card: { kvnr: string; cardNumber: string }): Promise<MemberState | null> {
  try {
    return await signedClient(db, client).json('POST', '/v1/members/state', MemberState, card);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return null;
    throw error;
  }
}

/** Where the kiosk asks for the state of the member at the station; none on a station without a service. */
export interface MemberStateSource {
  memberState(card: { kvnr: string; cardNumber: string }): Promise<MemberState | null>;
  close(): void;
}

/**
 * The member waits at the screen: a short timeout, after which the kiosk works from its own
 * records and says so, instead of the sync's patient 30 s.
 */
export function createMemberStateSource(db: Database, service: { url: string; pinnedCertSha256: string | null }, timeoutMs = 5_000): MemberStateSource {
  const client = new ServiceClient({ baseUrl: service.url, pinnedCertSha256: service.pinnedCertSha256, timeoutMs });
  return { memberState: (card) => fetchMemberState(db, client, card), close: () => client.close() };
}

/** Sends a protected bank or address change; it waits for the member's approval in the app. */
export async function requestChange(db: Database, client: ServiceClient, change: z.input<typeof ChangeRequestCreate>): Promise<ChangeRequestStatus> {
  return signedClient(db, client).json('POST', '/v1/change-requests', ChangeRequestStatus, ChangeRequestCreate.parse(change));
}

export async function changeStatus(db: Database, client: ServiceClient, id: string): Promise<ChangeRequestStatus> {
  return signedClient(db, client).json('GET', `/v1/change-requests/${encodeURIComponent(id)}`, ChangeRequestStatus);
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
