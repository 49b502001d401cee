import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ServiceClient } from '../../main/sync/service-client';
import { syncErrorText } from '../../main/sync/status-text';
import { openPglite, type Database } from '../../service/db/database';
import { startService, type RunningService } from './sync-support/service-harness';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1, made with the system's openssl. */
function certificate(dir: string, name: string): { key: string; cert: string; sha256: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const cert = readFileSync(certPath, 'utf8');
  return { key: readFileSync(keyPath, 'utf8'), cert, sha256: new X509Certificate(cert).fingerprint256 };
}

const openssl = hasOpenssl();

describe.skipIf(!openssl)(`TLS pinning${openssl ? '' : ' (skipped: openssl is not installed to make test certificates)'}`, () => {
  let dir: string;
  let db: Database;
  let running: RunningService;
  let good: ReturnType<typeof certificate>;
  let other: ReturnType<typeof certificate>;
  let tlsUrl: string;
  let server: https.Server;
  let received = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sync-tls-'));
    good = certificate(dir, 'service');
    other = certificate(dir, 'impostor');
    db = await openPglite();
    running = await startService(db);
    // TLS in front of the service, as a production load balancer would terminate it.
    const upstream = new URL(running.url);
    server = https.createServer({ key: good.key, cert: good.cert }, (req, res) => {
      received++;
      const up = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await running?.stop();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('talks to the service whose certificate matches the pinned fingerprint', async () => {
    const client = new ServiceClient({ baseUrl: tlsUrl, ca: good.cert, pinnedCertSha256: good.sha256 });
    await expect(client.json('GET', '/health', z.object({ ok: z.literal(true) }))).resolves.toEqual({ ok: true });
    client.close();
  });

  it('sends nothing to a service with another certificate, even one the station would otherwise trust', async () => {
    const before = received;
    const client = new ServiceClient({ baseUrl: tlsUrl, ca: good.cert, pinnedCertSha256: other.sha256 });
    const error = await client.json('POST', '/v1/members/state', z.unknown(), { kvnr: 'A123457895', cardNumber: '80276001234567890123' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError', code: 'pin' });
    expect(syncErrorText(error)).toMatch(/Zertifikat des Bonus-Service ist nicht das erwartete/);
    expect(received).toBe(before);
    client.close();
  });

  it('refuses an untrusted certificate without pinning, and a pin on plain http', () => {
    expect(() => new ServiceClient({ baseUrl: running.url, pinnedCertSha256: good.sha256 })).toThrow(/https/);
    const client = new ServiceClient({ baseUrl: tlsUrl });
    return expect(client.json('GET', '/health', z.unknown()).finally(() => client.close())).rejects.toMatchObject({ name: 'NetworkError', code: 'tls' });
  });
});
