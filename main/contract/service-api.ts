/**
 * The wire protocol between a station's sync engine (main/sync) and the central bonus service
 * (service/). Both sides validate with these schemas: the service on arrival and before it
 * answers, the station on every answer it receives. Pure TS (no I/O), so the service may import it.
 * Not part of the renderer ↔ main contract (`methods`/`events`). The endpoints that carry these
 * bodies are in service-endpoints.ts; the schemas live one file per concern in service-api/.
 */
export * from './service-api/common';
export * from './service-api/enrollment';
export * from './service-api/blobs';
export * from './service-api/submissions';
export * from './service-api/member';
export * from './service-api/field-events';
export * from './service-api/change-requests';
export * from './service-api/booklets';
export * from './service-api/heartbeat';
export * from './service-api/identity';
