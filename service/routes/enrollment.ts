import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../auth/authenticate';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { StationMode } from '../../main/contract/station';
import { iso, type RouteDeps } from './deps';

interface StationRow {
  station_id: string;
  mode: StationMode | null;
  branch: string | null;
  enrolled_at: Date;
  revoked_at: Date | null;
}
const stationColumns = 'station_id, mode, branch, enrolled_at, revoked_at';
const stationRecord = (r: StationRow) => ({ stationId: r.station_id, mode: r.mode, branch: r.branch, enrolledAt: iso(r.enrolled_at), revokedAt: r.revoked_at ? iso(r.revoked_at) : null });

/**
 * Admin issues a one-time token for a station id, mode and branch; the station enrolls its
 * Ed25519 key with it and gets that role; admin can revoke.
 */
export function enrollmentRoutes({ db, now }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.createEnrollmentToken, {
      async handler({ body }) {
        const token = randomBytes(24).toString('base64url');
        const expiresAt = new Date(now().getTime() + body.ttlMinutes * 60_000);
        await db.query('INSERT INTO enrollment_tokens (token_sha256, station_id, mode, branch, expires_at) VALUES ($1, $2, $3, $4, $5)', [sha256Hex(token), body.stationId, body.mode, body.branch, expiresAt]);
        return { status: 201, body: { stationId: body.stationId, mode: body.mode, branch: body.branch, token, expiresAt: expiresAt.toISOString() } };
      },
    }),
    implement(serviceEndpoints.enroll, {
      async handler({ body }) {
        const publicKey = Buffer.from(body.publicKey, 'base64');
        return db.transaction(async (tx) => {
          const token = (
            await tx.query<{ station_id: string; mode: StationMode | null; branch: string | null; expires_at: Date; used_at: Date | null }>(
              'SELECT station_id, mode, branch, expires_at, used_at FROM enrollment_tokens WHERE token_sha256 = $1 FOR UPDATE',
              [sha256Hex(body.token)],
            )
          ).rows[0];
          if (!token || token.station_id !== body.stationId) throw new ApiFailure(401, 'bad_token', 'The enrollment token is unknown or issued for another station');
          // The token says what the station is; a station configured as something else enrolls nothing.
          if (!token.mode || !token.branch) throw new ApiFailure(401, 'bad_token', 'The enrollment token was issued without a mode; ask for a new one');
          if (token.mode !== body.mode) throw new ApiFailure(409, 'mode_mismatch', `The token was issued for a ${token.mode} station, but this station is configured as ${body.mode}`, ['body.mode']);
          const role = { mode: token.mode, branch: token.branch };
          const existing = (await tx.query<{ public_key: Uint8Array; enrolled_at: Date; revoked_at: Date | null }>('SELECT public_key, enrolled_at, revoked_at FROM stations WHERE station_id = $1', [body.stationId])).rows[0];
          if (token.used_at) {
            // A station that lost the answer retries with the same token and key: same answer.
            if (existing && !existing.revoked_at && Buffer.from(existing.public_key).equals(publicKey)) return { status: 200, body: { stationId: body.stationId, ...role, enrolledAt: iso(existing.enrolled_at) } };
            throw new ApiFailure(401, 'token_used', 'The enrollment token has already been used');
          }
          if (new Date(token.expires_at).getTime() < now().getTime()) throw new ApiFailure(401, 'token_expired', 'The enrollment token has expired');
          if (existing && !existing.revoked_at) throw new ApiFailure(409, 'already_enrolled', 'This station is enrolled; revoke it before enrolling a new key');
          const enrolledAt = now();
          await tx.query(
            `INSERT INTO stations (station_id, public_key, enrolled_at, mode, branch) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (station_id) DO UPDATE SET public_key = EXCLUDED.public_key, enrolled_at = EXCLUDED.enrolled_at, revoked_at = NULL, mode = EXCLUDED.mode, branch = EXCLUDED.branch,
               audit_head_seq = NULL, audit_head_hash = NULL, audit_head_at = NULL`,
            [body.stationId, publicKey, enrolledAt, role.mode, role.branch],
          );
          await tx.query('UPDATE enrollment_tokens SET used_at = $2 WHERE token_sha256 = $1', [sha256Hex(body.token), enrolledAt]);
          return { status: 200, body: { stationId: body.stationId, ...role, enrolledAt: enrolledAt.toISOString() } };
        });
      },
    }),
    implement(serviceEndpoints.revokeStation, {
      async handler({ params }) {
        const row = (await db.query<StationRow>(`UPDATE stations SET revoked_at = COALESCE(revoked_at, $2) WHERE station_id = $1 RETURNING ${stationColumns}`, [params.stationId, now()])).rows[0];
        if (!row) throw new ApiFailure(404, 'not_found', 'No such station');
        return { status: 200, body: stationRecord(row) };
      },
    }),
    implement(serviceEndpoints.stations, {
      async handler() {
        const rows = (await db.query<StationRow>(`SELECT ${stationColumns} FROM stations ORDER BY station_id`)).rows;
        return { status: 200, body: { stations: rows.map(stationRecord) } };
      },
    }),
  ];
}
