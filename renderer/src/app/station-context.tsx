import { createContext, useContext, useEffect, useState } from 'react';
import type { EventName, EventPayload, StationClient, StationInfo } from '../../../main/contract';
import { followToday } from './today';

interface StationContextValue {
  client: StationClient;
  info: StationInfo;
}

const StationContext = createContext<StationContextValue | null>(null);

export const StationProvider = StationContext.Provider;

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside StationProvider');
  return value;
}

/** The latest payload of a contract event stream (status events are states, replayed on subscribe). */
export function useStationEvent<K extends EventName>(name: K): EventPayload<K> | undefined {
  const { client } = useStation();
  const [payload, setPayload] = useState<EventPayload<K>>();
  useEffect(() => client.on(name, setPayload), [client, name]);
  return payload;
}

/** The station's business day (YYYY-MM-DD) from main, kept current: see today.ts. */
export function useToday(): string {
  const { client, info } = useStation();
  const [today, setToday] = useState(info.today);
  useEffect(() => followToday(client, setToday), [client]);
  return today;
}
