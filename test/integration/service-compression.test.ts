import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openPglite, type Database } from '../../service/db/database';
import { signRequest, type StationIdentity } from '../../main/sync/station-key';
import { member, submission } from './sync-support/fixtures';
import { raw, sha256 } from './sync-support/raw';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

const chunkSize = 64 * 1024;

/**
 * Bodies a station sends gzip-compressed on a slow link: the signature covers the bytes sent,
 * the content (a blob's address) is checked as it came out, and a small body that would unfold
 * beyond what the endpoint takes is refused before it can fill the memory.
 */
describe('compressed request bodies', () => {
  let db: Database;
  let running: RunningService;
  let identity: StationIdentity;
  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0;

  function signed(method: string, path: string, wire: Buffer, contentType: string, encoding: string | null = 'gzip', digestOf: Buffer = wire) {
    return { body: wire, headers: { 'content-type': contentType, ...(encoding ? { 'content-encoding': encoding } : {}), ...signRequest(identity, { method, path, contentSha256: sha256(digestOf) }) } };
  }

  beforeAll(async () => {
    db = await openPglite();
    running = await startService(db, { chunkSize });
    ({ identity } = await enrollStation(running, 'kiosk-gzip'));
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
  });
  afterAll(async () => {
    await running?.stop();
    await db?.close();
  });

  it('takes a gzip batch signed as sent, and refuses one signed over the bytes before compression', async () => {
    const body = Buffer.from(JSON.stringify({ submissions: [submission(), submission()] }));
    const wire = gzipSync(body);
    expect((await raw(running.url, 'POST', '/v1/submissions/batch', signed('POST', '/v1/submissions/batch', wire, 'application/json'))).status).toBe(200);
    const before = await count('submissions');
    const other = gzipSync(Buffer.from(JSON.stringify({ submissions: [submission()] })));
    const mis = await raw(running.url, 'POST', '/v1/submissions/batch', signed('POST', '/v1/submissions/batch', other, 'application/json', 'gzip', gunzipSync(other)));
    expect(mis).toMatchObject({ status: 401, body: { error: { code: 'bad_content_digest' } } });
    expect(await count('submissions')).toBe(before);
  });

  it('checks compressed evidence against its address as it came out, and keeps it as it came out', async () => {
    const pdf = Buffer.from(`%PDF-1.4\n${'BT /F1 12 Tf (Bescheinigung) Tj ET\n'.repeat(1500)}`.slice(0, 50_000));
    const address = sha256(pdf);
    const path = `/v1/blobs/${address}/content?mediaType=application%2Fpdf`;
    const answer = await raw(running.url, 'PUT', path, signed('PUT', path, gzipSync(pdf), 'application/octet-stream'));
    expect(answer).toMatchObject({ status: 200, body: { complete: true, size: pdf.length } });
    expect(await running.service.blobs.read(address)).toEqual(pdf);
    // Other content under that address, compressed: refused as an uncompressed body would be.
    const forged = Buffer.from(pdf).fill(0x20, 100, 200);
    expect(await raw(running.url, 'PUT', path, signed('PUT', path, gzipSync(forged), 'application/octet-stream'))).toMatchObject({ status: 422, body: { error: { code: 'hash_mismatch' } } });
    expect(await running.service.blobs.read(address)).toEqual(pdf);
  });

  it('refuses a small body that unfolds beyond what the endpoint takes, an unknown encoding and broken gzip, and stores nothing', async () => {
    const blobs = await count('blobs');
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(chunkSize);
    const address = randomBytes(32).toString('hex');
    const path = `/v1/blobs/${address}/content?mediaType=application%2Fpdf`;
    expect(await raw(running.url, 'PUT', path, signed('PUT', path, bomb, 'application/octet-stream'))).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
    const jsonBomb = gzipSync(Buffer.from(`{"submissions":[],"x":"${' '.repeat(8 * 1024 * 1024)}"}`));
    expect(await raw(running.url, 'POST', '/v1/submissions/batch', signed('POST', '/v1/submissions/batch', jsonBomb, 'application/json'))).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
    const brotli = Buffer.from(JSON.stringify({ submissions: [submission()] }));
    expect(await raw(running.url, 'POST', '/v1/submissions/batch', signed('POST', '/v1/submissions/batch', brotli, 'application/json', 'br'))).toMatchObject({ status: 415, body: { error: { code: 'unsupported_encoding' } } });
    const broken = Buffer.from('not gzip at all');
    expect(await raw(running.url, 'POST', '/v1/submissions/batch', signed('POST', '/v1/submissions/batch', broken, 'application/json'))).toMatchObject({ status: 400, body: { error: { code: 'invalid_encoding' } } });
    expect(await count('blobs')).toBe(blobs);
  });
});

