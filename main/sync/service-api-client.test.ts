import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeaders } from '../contract/service-api';
import { LinkEstimate } from './link-estimate';
import { ServiceApi } from './service-api-client';
import { generateStationKey, loadPrivateKey } from './station-key';

const key = generateStationKey();
const identity = { stationId: 'kiosk-1', privateKey: loadPrivateKey(key.privateKeyDer) };
const submissionLike = { kind: 'measures', createdAt: '2026-11-20T10:00:00.000Z', participationYear: 2026, member: { kvnr: 'A123457895' }, measures: [{ measure: 12, performedOn: '2026-03-04', evidence: [{ kind: 'photo', note: 'Bescheinigung des Kursanbieters' }] }] };
const status = { sha256: 'a'.repeat(64), size: 3, mediaType: 'image/jpeg', chunkSize: 512, chunkCount: 1, receivedChunks: [0], complete: true };

describe('the station ServiceApi', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
  let answer: (url: string) => { status: number; body: unknown } | 'never' = () => ({ status: 200, body: status });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        const reply = answer(req.url ?? '');
        if (reply === 'never') return;
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('builds the path from the contract, sends bytes as octet-stream and signs a station endpoint', async () => {
    const api = ServiceApi.create({ baseUrl: base }, () => identity);
    try {
      const answered = await api.call('uploadBlob', { params: { sha256: status.sha256 }, query: { mediaType: 'image/jpeg' }, bytes: Buffer.from('abc') });
      expect(answered.complete).toBe(true);
      const request = seen.at(-1)!;
      expect(request).toMatchObject({ method: 'PUT', url: `/v1/blobs/${status.sha256}/content?mediaType=image%2Fjpeg` });
      expect(request.headers['content-type']).toBe('application/octet-stream');
      expect(request.headers[signatureHeaders.station]).toBe('kiosk-1');
      expect(request.body.toString()).toBe('abc');
    } finally {
      api.close();
    }
  });

  it('refuses a station endpoint before enrollment without sending anything, and sends the public enrollment unsigned', async () => {
    const api = ServiceApi.create({ baseUrl: base });
    try {
      const before = seen.length;
      await expect(api.call('catalog', {})).rejects.toMatchObject({ name: 'ServiceError', status: 401, code: 'unknown_station' });
      expect(seen.length).toBe(before);
      answer = () => ({ status: 200, body: { stationId: 'kiosk-1', mode: 'kiosk', branch: 'Testfiliale', enrolledAt: '2026-11-20T10:00:00.000Z' } });
      await api.call('enroll', { body: { token: 't'.repeat(20), stationId: 'kiosk-1', mode: 'kiosk', publicKey: key.publicKeyBase64 } });
      expect(seen.at(-1)!.headers[signatureHeaders.signature]).toBeUndefined();
      expect(JSON.parse(seen.at(-1)!.body.toString())).toMatchObject({ stationId: 'kiosk-1' });
    } finally {
      answer = () => ({ status: 200, body: status });
      api.close();
    }
  });

  it('gives each call its own timeout and lets one user cut its calls without cutting another', async () => {
    const api = ServiceApi.create({ baseUrl: base, timeoutMs: 30_000 }, () => identity);
    answer = (url) => (url.startsWith('/v1/catalog') ? 'never' : { status: 200, body: status });
    try {
      const started = Date.now();
      await expect(api.call('catalog', {}, { timeoutMs: 150 })).rejects.toMatchObject({ name: 'NetworkError', code: 'timeout' });
      expect(Date.now() - started).toBeLessThan(20_000);

      const worker = new AbortController();
      const cut = api.call('catalog', {}, { signal: worker.signal });
      const other = api.call('blobStatus', { params: { sha256: status.sha256 } });
      worker.abort();
      await expect(cut).rejects.toMatchObject({ name: 'NetworkError', code: 'cut' });
      await expect(other).resolves.toMatchObject({ complete: true });
      await expect(api.call('catalog', {}, { signal: worker.signal })).rejects.toMatchObject({ code: 'cut' });
    } finally {
      answer = () => ({ status: 200, body: status });
      api.close();
    }
  });

  it('compresses a JSON body on a slow link and signs what it sent, never evidence bytes unless asked', async () => {
    // A link that stays slow (100 KB/s) whatever this local server answers in.
    const slow = new (class extends LinkEstimate {
      override start(): () => void {
        return () => undefined;
      }
      override compressWorth(bytes: number): boolean {
        return bytes >= 2048;
      }
    })();
    const api = ServiceApi.create({ baseUrl: base }, () => identity, slow);
    answer = () => ({ status: 200, body: { results: [] } });
    try {
      const submissions = Array.from({ length: 8 }, () => ({ ...submissionLike, id: randomUUID() }));
      await api.call('submitBatch', { body: { submissions: submissions as never } }).catch(() => undefined);
      const sent = seen.at(-1)!;
      expect(sent.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(sent.body).toString())).toEqual({ submissions });
      expect(sent.headers[signatureHeaders.contentSha256]).toBe(createHash('sha256').update(sent.body).digest('hex'));
      answer = () => ({ status: 200, body: status });
      const repetitive = Buffer.alloc(100_000, 'jpeg-like?');
      await api.call('uploadBlobChunk', { params: { sha256: status.sha256, index: 0 }, bytes: repetitive });
      expect(seen.at(-1)!.headers['content-encoding']).toBeUndefined();
      await api.call('uploadBlobChunk', { params: { sha256: status.sha256, index: 0 }, bytes: repetitive }, { compressible: true });
      expect(seen.at(-1)!.headers['content-encoding']).toBe('gzip');
      // Random bytes do not shrink: sent as they are.
      await api.call('uploadBlobChunk', { params: { sha256: status.sha256, index: 0 }, bytes: randomBytes(100_000) }, { compressible: true });
      expect(seen.at(-1)!.headers['content-encoding']).toBeUndefined();
    } finally {
      answer = () => ({ status: 200, body: status });
      api.close();
    }
  });

  it('treats an answer that breaks the contract as a protocol error', async () => {
    const api = ServiceApi.create({ baseUrl: base }, () => identity);
    answer = () => ({ status: 200, body: { complete: 'yes' } });
    try {
      await expect(api.call('blobStatus', { params: { sha256: status.sha256 } })).rejects.toMatchObject({ name: 'NetworkError', code: 'protocol' });
    } finally {
      answer = () => ({ status: 200, body: status });
      api.close();
    }
  });
});
