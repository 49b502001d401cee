import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { serveAppRequest } from './protocol';

const tempDir = useTempDir();

describe('the app:// protocol handler', () => {
  it('serves the packaged renderer with the CSP header', async () => {
    const root = join(tempDir(), 'renderer');
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    const res = await serveAppRequest(root, 'app://bonus/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
  });

  it('refuses other hosts, traversal and missing files', async () => {
    const dir = tempDir();
    const root = join(dir, 'renderer');
    mkdirSync(root);
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    expect((await serveAppRequest(root, 'app://other/index.html')).status).toBe(404);
    expect((await serveAppRequest(root, 'app://bonus/%2e%2e/secret.txt')).status).toBe(404);
    expect((await serveAppRequest(root, 'app://bonus/..%2fsecret.txt')).status).toBe(404);
    expect((await serveAppRequest(root, 'app://bonus/missing.js')).status).toBe(404);
  });
});
