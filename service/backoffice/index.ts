import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from '../blobs/blob-store';
import type { Database } from '../db/database';
import { errorBody } from '../http/errors';
import { archiveRoutes } from './archive/routes';
import { defaultLockout, type LockoutPolicy } from './auth/accounts';
import { authRoutes } from './auth/routes';
import { defaultSessionPolicy, type SessionPolicy } from './auth/sessions';
import { registerBoRoutes, type AnyBoRoute } from './http';
import { defaultFleetSettings, type FleetSettings } from './fleet/fleet';
import { fleetRoutes } from './fleet/routes';
import { scheduleDailySummaries, type MailSettings } from './mail/daily-summary';
import { defaultPayoutSettings, type PayoutSettings } from './payouts/payouts';
import { payoutRoutes } from './payouts/routes';
import { reviewRoutes } from './review/routes';

/** The back office's settings (service/main.ts reads them from the environment; all have defaults). */
export interface BackofficeOptions {
  /** Secure cookies behind a TLS proxy; the service itself speaks plain HTTP. */
  secureCookies?: boolean;
  /** The origin browsers use, e.g. https://bonus.example.org (the Origin check of changing requests). */
  publicOrigin?: string | null;
  lockout?: LockoutPolicy;
  sessions?: SessionPolicy;
  payouts?: Partial<PayoutSettings>;
  fleet?: Partial<FleetSettings>;
  /** Bearer token with which a monitoring system reads the fleet alerts (GET /bo/api/fleet/alerts). */
  monitoringToken?: string | null;
  /** Where the archive export writes its documents; default: a folder in the system's temp directory. */
  archiveDir?: string;
  /** The daily staff summary by e-mail; off (null) unless configured. */
  mail?: MailSettings | null;
}

/** The built web UI (service/web, `npm run build:backoffice`). */
export const webDist = fileURLToPath(new URL('../web/dist', import.meta.url));

// The pages load only their own script and style; nothing may frame them.
const pageHeaders = {
  'content-security-policy': "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The insurer's back office on the reference service: the React UI under /bo/ and its API under
 * /bo/api/ (service/backoffice/api.ts), for staff signed in with password and TOTP. Registered
 * in its own Fastify scope after the cookie plugin.
 */
export function registerBackoffice(app: FastifyInstance, deps: { db: Database; now: () => Date; blobs: BlobStore; kickEvaluation?: () => void }, options: BackofficeOptions = {}): { routes: () => AnyBoRoute[]; start(): void; stop(): void } {
  const http = {
    db: deps.db,
    now: deps.now,
    sessions: options.sessions ?? defaultSessionPolicy,
    secureCookies: options.secureCookies ?? false,
    publicOrigin: options.publicOrigin ?? null,
  };
  const routes: AnyBoRoute[] = [...authRoutes(deps.db, { ...http, lockout: options.lockout ?? defaultLockout }), ...reviewRoutes(deps.db, deps.blobs), ...payoutRoutes(deps.db, { ...defaultPayoutSettings, ...options.payouts }, deps.kickEvaluation),
    ...fleetRoutes(deps.db, { ...defaultFleetSettings, ...options.fleet }, options.monitoringToken ?? null),
    ...archiveRoutes(deps.db, deps.blobs, options.archiveDir ?? join(tmpdir(), 'bonus-archive')),
  ];
  void app.register(async (scope) => {
    await scope.register(cookie);
    scope.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/bo')) for (const [name, value] of Object.entries(pageHeaders)) void reply.header(name, value);
    });
    registerBoRoutes(scope, routes, http);
    if (existsSync(webDist)) {
      await scope.register(fastifyStatic, { root: webDist, prefix: '/bo/', index: 'index.html', wildcard: true });
    } else {
      scope.get('/bo/', async (_request, reply) => reply.status(503).send(errorBody('backoffice_not_built', 'The back office UI is not built: run `npm run build:backoffice`.')));
    }
    scope.get('/bo', async (_request, reply) => reply.redirect('/bo/'));
  });
  const fleet = { ...defaultFleetSettings, ...options.fleet };
  let stopMail: (() => void) | null = null;
  return {
    routes: () => routes,
    start() {
      if (options.mail && !stopMail) stopMail = scheduleDailySummaries(deps.db, options.mail, fleet, deps.now, (m) => app.log.warn(m));
    },
    stop() {
      stopMail?.();
      stopMail = null;
    },
  };
}
