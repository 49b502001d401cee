import { createBonusService, type BonusService, type ServiceOptions } from '../../../service/app';
import type { Database } from '../../../service/db/database';
import { ServiceApi } from '../../../main/sync/service-api-client';
import { ServiceClient } from '../../../main/sync/service-client';
import { EnrollmentToken, Enrollment } from '../../../main/contract/service-api';
import { generateStationKey, loadPrivateKey, type StationIdentity } from '../../../main/sync/station-key';
import type { StationMode } from '../../../main/contract/station';

export const adminToken = 'test-admin-token-0123456789';

export interface RunningService {
  service: BonusService;
  url: string;
  admin: ServiceClient;
  stop(): Promise<void>;
}

export async function startService(db: Database, options: Partial<ServiceOptions> = {}): Promise<RunningService> {
  const service = createBonusService({ db, adminToken, ...options });
  const url = await service.start();
  const admin = new ServiceClient({ baseUrl: url });
  return {
    service,
    url,
    admin,
    async stop() {
      admin.close();
      await service.stop();
    },
  };
}

export const adminHeaders = { authorization: `Bearer ${adminToken}` };

/** A one-time enrollment token for a station of this mode (the administrator's decision). */
export async function enrollmentToken(running: Pick<RunningService, 'admin'>, stationId: string, mode: StationMode, branch = 'Testfiliale', ttlMinutes?: number): Promise<string> {
  const answer = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode, branch, ...(ttlMinutes ? { ttlMinutes } : {}) }, adminHeaders);
  return answer.token;
}

/** Enrolls a fresh station key as a station of `mode` and returns a signed client for it (raw paths), and the station's ServiceApi over the same connection. */
export async function enrollStation(running: RunningService, stationId: string, mode: StationMode = 'kiosk', branch?: string): Promise<{ client: ServiceClient; api: ServiceApi; identity: StationIdentity; publicKeyBase64: string }> {
  const token = await enrollmentToken(running, stationId, mode, branch);
  const key = generateStationKey();
  await running.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId, mode, publicKey: key.publicKeyBase64 });
  const identity = { stationId, privateKey: loadPrivateKey(key.privateKeyDer) };
  const client = new ServiceClient({ baseUrl: running.url }, identity);
  return { client, api: new ServiceApi(client, () => identity), identity, publicKeyBase64: key.publicKeyBase64 };
}
