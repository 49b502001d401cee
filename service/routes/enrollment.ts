import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../auth/authenticate';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { iso, type RouteDeps } from './deps';

/** Admin issues a one-time token; the station enrolls its Ed25519 key with it; admin can revoke. */
export function enrollmentRoutes({ db, now }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.createEnrollmentToken, {
      async handler({ body }) {
        const token = randomBytes(24).toString('base64url');
        const expiresAt = new Date(now().getTime() + body.ttlMinutes * 60_000);
        await db.query('INSERT INTO enrollment_tokens (token_sha256, station_id, expires_at) VALUES ($1, $2, $3)', [sha256Hex(token), body.stationId, expiresAt]);
        return { status: 201, body: { stationId: body.stationId, token, expiresAt: expiresAt.toISOString() } };
      },
    }),
    implement(serviceEndpoints.enroll, {
      async handler({ body }) {
        const publicKey = Buffer.from(body.publicKey, 'base64');
        return db.transaction(async (tx) => {
          const token = (
            await tx.query<{ station_id: string; expires_at: Date; used_at: Date | null }>('SELECT station_id, expires_at, used_at FROM enrollment_tokens WHERE token_sha256 = $1 FOR UPDATE', [sha256Hex(body.token)])
          ).rows[0];
          if (!token || token.station_id !== body.stationId) throw new ApiFailure(401, 'bad_token', 'The enrollment token is unknown or issued for another station');
          const existing = (await tx.query<{ public_key: Uint8Array; enrolled_at: Date; revoked_at: Date | null }>('SELECT public_key, enrolled_at, revoked_at FROM stations WHERE station_id = $1', [body.stationId])).rows[0];
          if (token.used_at) {
            // A station that lost the answer retries with the same token and key: same answer.
            if (existing && !existing.revoked_at && Buffer.from(existing.public_key).equals(publicKey)) return { status: 200, body: { stationId: body.stationId, enrolledAt: iso(existing.enrolled_at) } };
            throw new ApiFailure(401, 'token_used', 'The enrollment token has already been used');
          }
          if (new Date(token.expires_at).getTime() < now().getTime()) throw new ApiFailure(401, 'token_expired', 'The enrollment token has expired');
          if (existing && !existing.revoked_at) throw new ApiFailure(409, 'already_enrolled', 'This station is enrolled; revoke it before enrolling a new key');
          const enrolledAt = now();
          await tx.query(
            `INSERT INTO stations (station_id, public_key, enrolled_at) VALUES ($1, $2, $3)
             ON CONFLICT (station_id) DO UPDATE SET public_key = EXCLUDED.public_key, enrolled_at = EXCLUDED.enrolled_at, revoked_at = NULL,
               audit_head_seq = NULL, audit_head_hash = NULL, audit_head_at = NULL`,
            [body.stationId, publicKey, enrolledAt],
          );
          await tx.query('UPDATE enrollment_tokens SET used_at = $2 WHERE token_sha256 = $1', [sha256Hex(body.token), enrolledAt]);
          return { status: 200, body: { stationId: body.stationId, enrolledAt: enrolledAt.toISOString() } };
        });
      },
    }),
    implement(serviceEndpoints.revokeStation, {
      async handler({ params }) {
        const row = (
          await db.query<{ station_id: string; enrolled_at: Date; revoked_at: Date }>(
            'UPDATE stations SET revoked_at = COALESCE(revoked_at, $2) WHERE station_id = $1 RETURNING station_id, enrolled_at, revoked_at',
            [params.stationId, now()],
          )
        ).rows[0];
        if (!row) throw new ApiFailure(404, 'not_found', 'No such station');
        return { status: 200, body: { stationId: row.station_id, enrolledAt: iso(row.enrolled_at), revokedAt: iso(row.revoked_at) } };
      },
    }),
    implement(serviceEndpoints.stations, {
      async handler() {
        const rows = (await db.query<{ station_id: string; enrolled_at: Date; revoked_at: Date | null }>('SELECT station_id, enrolled_at, revoked_at FROM stations ORDER BY station_id')).rows;
        return { status: 200, body: { stations: rows.map((r) => ({ stationId: r.station_id, enrolledAt: iso(r.enrolled_at), revokedAt: r.revoked_at ? iso(r.revoked_at) : null })) } };
      },
    }),
  ];
}
