import { gzipSync } from 'node:zlib';
import { binaryBody, requestPath, type AnyEndpoint, type EndpointInput, type EndpointOutput } from '../contract/service-endpoint';
import { stationEndpoints, type StationEndpointName, type StationEndpoints } from '../contract/service-endpoints';
import { ServiceClient, ServiceError, type ServiceClientOptions } from './service-client';
import { LinkEstimate } from './link-estimate';
import type { StationIdentity } from './station-key';

export interface CallOptions {
  /** How long this call waits for an answer (default: the client's, 30 s). A member at the screen waits less than the sync. */
  timeoutMs?: number;
  /** Ends the call as a cut connection (a stopping sync worker). */
  signal?: AbortSignal;
  /**
   * Whether the body may be sent compressed where that pays (a slow link, a body that shrinks by
   * a tenth at least). Default: yes for JSON, no for bytes (evidence images are compressed already).
   */
  compressible?: boolean;
}

/** Gzip at a light level; null when it does not save a tenth. */
export function gzipIfSmaller(body: Buffer): Buffer | null {
  const compressed = gzipSync(body, { level: 4 });
  return compressed.length <= body.length * 0.9 ? compressed : null;
}

/** The station's enrolled identity, or null while it is not enrolled. */
export type IdentitySource = () => StationIdentity | null;

/**
 * The station's one client of the central service: every call names an endpoint of the
 * contract (main/contract/service-endpoints.ts), which gives its method, path and schemas, so no
 * path is typed anywhere else. Station endpoints are signed with the enrolled identity; calling
 * one before enrollment fails as `unknown_station` without a request. Built once per station in
 * the composition root and handed to the services that talk to the service.
 */
export class ServiceApi {
  constructor(
    private readonly client: ServiceClient,
    private readonly identity: IdentitySource = () => null,
    /** The link to the service as this station's requests measured it (round trip, bandwidth). */
    readonly link: LinkEstimate = new LinkEstimate(),
  ) {}

  static create(options: ServiceClientOptions, identity?: IdentitySource, link?: LinkEstimate): ServiceApi {
    return new ServiceApi(new ServiceClient(options), identity, link);
  }

  /** Whether the station holds an enrolled key (else station endpoints cannot be called). */
  enrolled(): boolean {
    return this.identity() !== null;
  }

  async call<K extends StationEndpointName>(name: K, input: EndpointInput<StationEndpoints[K]>, options: CallOptions = {}): Promise<EndpointOutput<StationEndpoints[K]>> {
    const endpoint: AnyEndpoint = stationEndpoints[name];
    const given = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; bytes?: Uint8Array };
    const path = requestPath(endpoint, given.params, given.query);
    let identity: StationIdentity | null = null;
    if (endpoint.auth === 'station') {
      identity = this.identity();
      if (!identity) throw new ServiceError(401, 'unknown_station', 'This station is not enrolled');
    }
    const compressible = options.compressible ?? endpoint.body !== binaryBody;
    const request = {
      identity,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      compress: (body: Buffer) => (compressible && this.link.compressWorth(body.length) ? gzipIfSmaller(body) : null),
      measure: (wireBytes: number) => this.link.start(wireBytes),
    };
    if (endpoint.body === binaryBody) {
      const bytes = given.bytes ?? new Uint8Array();
      return this.client.bytes(endpoint.method, path, endpoint.response, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), request);
    }
    return this.client.json(endpoint.method, path, endpoint.response, given.body, {}, request);
  }

  /** Ends every request in flight, of every user of this client (the station is stopping). */
  abortAll(): void {
    this.client.abortAll();
  }

  close(): void {
    this.client.close();
  }
}
