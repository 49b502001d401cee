import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseStationConfig } from '../../main/config/station-config';
import { NetworkError, ServiceClient } from '../../main/sync/service-client';

/**
 * Hole 9 (the link to the service): `service.url` could be plain http:// to any host, so a
 * network attacker read and changed everything; and an answer's body was buffered whole
 * however large, so whoever answers in the service's place could fill the station's memory.
 */
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
});

describe('hole 9: the service link', () => {
  it('refuses a plain http:// service URL to any host but this machine', () => {
    const parse = (url: string) => parseStationConfig({ service: { url } }, 'test');
    expect(() => parse('http://bonus.example/api')).toThrow(ConfigError);
    expect(() => parse('http://10.0.0.5:8080')).toThrow(/https:\/\/ required/);
    expect(parse('https://bonus.example/api').service.url).toBe('https://bonus.example/api');
    expect(parse('http://127.0.0.1:8080').service.url).toBe('http://127.0.0.1:8080');
  });

  it('cuts an answer larger than its limit instead of buffering it', async () => {
    // 48 MiB of valid JSON that the schema would accept: only its size is wrong.
    const pad = Buffer.alloc(1024 * 1024, 'x');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"pad":"');
      let sent = 0;
      const more = () => {
        while (sent < 48) {
          sent += 1;
          if (!res.write(pad)) return void res.once('drain', more);
        }
        res.end('"}');
      };
      res.on('error', () => undefined);
      more();
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const client = new ServiceClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const answer = client.json('GET', '/v1/anything', z.object({}));
    await expect(answer).rejects.toBeInstanceOf(NetworkError);
    await expect(answer).rejects.toMatchObject({ code: 'protocol', message: /larger than/ });
    client.close();
  });
});
