import { ContractError, eventNames, methodNames, type EventName, type Reply, type StationClient } from '../../../main/contract';

type Caller = (method: string, input: unknown) => Promise<Reply<unknown>>;
type Subscriber = (name: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the typed client from a transport's two primitives; the rest of the renderer sees only
 * StationClient. Event streams carry states, so the client subscribes to each once, keeps the
 * latest payload and hands it to every new listener at once: a screen that mounts later still
 * shows the current card reader state.
 */
export function buildClient(callRaw: Caller, subscribe: Subscriber): StationClient {
  const call = Object.fromEntries(
    methodNames.map((name) => [
      name,
      async (input: unknown) => {
        const reply = await callRaw(name, input);
        if (!reply.ok) throw new ContractError(reply.error.code, reply.error.message, reply.error.fields);
        return reply.value;
      },
    ]),
  ) as StationClient['call'];

  const latest = new Map<EventName, unknown>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  for (const name of eventNames) {
    listeners.set(name, new Set());
    subscribe(name, (payload) => {
      latest.set(name, payload);
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }

  return {
    call,
    on: (name, listener) => {
      const set = listeners.get(name);
      if (!set) return () => {};
      const typed = listener as (payload: unknown) => void;
      set.add(typed);
      if (latest.has(name)) typed(latest.get(name));
      return () => set.delete(typed);
    },
  };
}

export function isKnownEvent(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as string[]).includes(name);
}
