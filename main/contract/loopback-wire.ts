import { z } from 'zod';

/**
 * The loopback host's wire (main/host/loopback, renderer/src/transport/loopback.ts), defined once.
 * Messages on the loopback WebSocket. Client → host: calls. Host → client: replies and events.
 * The envelope is validated on arrival like every other boundary; the payload is then checked
 * against the method's own schema by the dispatcher.
 */
export const CallMessage = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string().max(100),
    input: z.unknown(),
  })
  .strict();
export type CallMessage = z.infer<typeof CallMessage>;

export type HostMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: { code: string; message: string; fields?: string[] } }
  | { type: 'event'; name: string; payload: unknown };

/** The subprotocol naming the wire format (the UI session travels as an HttpOnly cookie, ui-session.ts). */
export const wireProtocol = 'bonus-station.v1';
/** Close code when a newer UI session took over: the old screen stops and does not reconnect. */
export const sessionReplacedCloseCode = 4001;
