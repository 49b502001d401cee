/** A long-lived part of the station (card supervisor, sync worker, …), started and stopped by the composition root in dependency order. */
export interface StationService {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}
