import Fastify, { type FastifyInstance } from 'fastify';
import { createAuthenticator, purgeNonces } from './auth/authenticate';
import { BlobStore } from './blobs/blob-store';
import { moveDatabaseBytesToStore } from './blobs/move-db-bytes';
import type { Database } from './db/database';
import { registerBackoffice, type BackofficeOptions } from './backoffice';
import type { AnyBoRoute } from './backoffice/http';
import { heartbeatRoute } from './backoffice/fleet/heartbeat';
import { migrate } from './db/migrate';
import { registerBodyParsers } from './http/body';
import { errorBody, handleError } from './http/errors';
import { buildOpenApi } from './http/openapi';
import { checkAgainstTable, implement, registerRoutes, type AnyRoute } from './http/route';
import { serviceEndpoints } from '../main/contract/service-admin-endpoints';
import { blobRoutes } from './routes/blobs';
import { bookletRoutes } from './routes/booklets';
import { catalogRoutes } from './routes/catalog';
import { changeRequestRoutes } from './routes/change-requests';
import type { RouteDeps } from './routes/deps';
import { auditHeadRoutes } from './routes/audit-heads';
import { enrollmentRoutes } from './routes/enrollment';
import { fieldCheckInRoutes } from './routes/field-checkin';
import { identityRoutes } from './routes/identity';
import { memberRoutes } from './routes/members';
import { memberSearchRoutes } from './routes/member-search';
import { defaultTrustPolicy, type TrustPolicy } from './auth/trust-policy';
import { purgeRateWindows } from './auth/rate-limit';
import { reviewRoutes } from './routes/review';
import { submissionRoutes } from './routes/submissions';
import { defaultRulesEngine, type RulesEngine } from './rules/evaluate';
import { evaluationJobRoutes } from './routes/evaluation-jobs';
import { createEvaluationRunner, type EvaluationRunnerOptions } from './evaluation/runner';

export interface ServiceOptions {
  db: Database;
  adminToken: string;
  /** The real clock (default: the system's); everything security-related reads it. */
  now?: () => Date;
  /**
   * The clock of the date rules only (RouteDeps.rulesNow); default `now`. A test pins it to a
   * day with SERVICE_TEST_TODAY, as BONUS_STATION_TEST_TODAY pins a kiosk's.
   */
  rulesNow?: () => Date;
  rules?: RulesEngine;
  chunkSize?: number;
  /**
   * The evidence file store (SERVICE_BLOB_DIR). Without one the service keeps evidence in a
   * temporary directory that stop() removes: for tests and an in-memory database only.
   */
  blobStore?: BlobStore;
  changeWindowMinutes?: number;
  /** The insurer's IK named in the QR check-in codes it issues (docs/field-checkin-qr.md). */
  insurerIk?: string;
  /** Fastify's logger: off in tests; request logs carry ids and paths, never bodies. */
  logger?: boolean | { level: string };
  /** The insurer's back office (service/backoffice): sign-in, review, payouts, fleet. */
  backoffice?: BackofficeOptions;
  /** Member search limits and the declaration tolerance (docs/security.md); the defaults when absent. */
  trust?: TrustPolicy;
  /** The whole-insurer evaluation's runner (service/evaluation): page size, lease, poll interval. */
  evaluation?: Pick<EvaluationRunnerOptions, 'pageSize' | 'leaseMs' | 'pollMs' | 'runnerId'>;
}

export interface BonusService {
  readonly app: FastifyInstance;
  readonly routes: readonly AnyRoute[];
  /** The back office's browser endpoints (/bo/api/…), beside the station ↔ service contract. */
  readonly backofficeRoutes: readonly AnyBoRoute[];
  /** Where the evidence bytes are (the database knows which blobs are complete). */
  readonly blobs: BlobStore;
  /** Migrates the database and listens; returns the base URL. */
  start(listen?: { host?: string; port?: number }): Promise<string>;
  stop(): Promise<void>;
}

// A 300 KB evidence photo goes in one request; a kill during an upload re-sends at most this much.
export const defaultChunkSize = 512 * 1024;
/** The reference insurer, Bonus ABC Krankenkasse (the stations' default card.insurerIks). */
export const defaultInsurerIk = '109999990';
const jsonBodyLimit = 256 * 1024;

/** The reference central bonus service, built with plain parameters and explicit start/stop. */
export function createBonusService(options: ServiceOptions): BonusService {
  if (options.adminToken.length < 16) throw new Error('The admin token must have at least 16 characters');
  const now = options.now ?? (() => new Date());
  const rulesNow = options.rulesNow ?? now;
  const blobs = options.blobStore ?? BlobStore.temporary();
  const deps: RouteDeps = {
    db: options.db,
    now,
    rulesNow,
    rules: options.rules ?? defaultRulesEngine(),
    chunkSize: options.chunkSize ?? defaultChunkSize,
    blobs,
    changeWindowMinutes: options.changeWindowMinutes ?? 72 * 60,
    trust: options.trust ?? defaultTrustPolicy,
  };
  const evaluationRunner = createEvaluationRunner({ db: options.db, rules: deps.rules, now, rulesNow, ...options.evaluation });
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: jsonBodyLimit,
  });
  registerBodyParsers(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(errorBody('not_found', `No endpoint ${request.method} ${request.url.split('?')[0]}`));
  });

  const routes: AnyRoute[] = [
    ...enrollmentRoutes(deps),
    ...auditHeadRoutes(deps),
    ...blobRoutes(deps),
    ...submissionRoutes(deps),
    ...reviewRoutes(deps),
    ...memberRoutes(deps),
    ...identityRoutes(deps),
    ...memberSearchRoutes(deps),
    ...bookletRoutes(deps),
    ...catalogRoutes(deps),
    ...changeRequestRoutes(deps),
    ...evaluationJobRoutes(deps, () => evaluationRunner.kick()),
    ...fieldCheckInRoutes(deps, { insurerIk: options.insurerIk ?? defaultInsurerIk }),
    heartbeatRoute(options.db, now),
    implement(serviceEndpoints.health, {
      handler: async () => ({ status: 200, body: { ok: true, database: options.db.kind } }),
    }),
  ];
  let openApi: Record<string, unknown> | undefined;
  routes.push(
    implement(serviceEndpoints.openApi, {
      handler: async () => ({ status: 200, body: (openApi ??= buildOpenApi(routes, { title: 'Bonus ABC central bonus service', version: '1' })) }),
    }),
  );
  checkAgainstTable(routes, serviceEndpoints);
  registerRoutes(app, routes, createAuthenticator({ db: options.db, adminToken: options.adminToken, now }));
  const backoffice = registerBackoffice(app, { db: options.db, now, blobs, kickEvaluation: () => evaluationRunner.kick() }, options.backoffice);

  let purgeTimer: NodeJS.Timeout | undefined;
  return {
    app,
    routes,
    backofficeRoutes: backoffice.routes(),
    blobs,
    async start(listen = {}) {
      await migrate(options.db);
      await moveDatabaseBytesToStore(options.db, blobs);
      await blobs.sweepTemporaryFiles();
      const address = await app.listen({ host: listen.host ?? '127.0.0.1', port: listen.port ?? 0 });
      purgeTimer = setInterval(() => {
        void purgeNonces(options.db, now()).catch(() => undefined);
        void purgeRateWindows(options.db, now()).catch(() => undefined);
      }, 60_000);
      purgeTimer.unref();
      backoffice.start();
      await evaluationRunner.start();
      return address;
    },
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
      backoffice.stop();
      await evaluationRunner.stop();
      await app.close();
      // A store the service made for itself is temporary; a configured one stays.
      if (!options.blobStore) blobs.close();
    },
  };
}
