import type { Handlers } from '../runtime/dispatcher';
import type { StationService } from '../runtime/service';

/** One station mode assembled on the shared base. */
export interface StationMode {
  /** Every long-lived service of the station, base ones included, in start order (stopped in reverse). */
  readonly services: readonly StationService[];
  /**
   * The contract's methods this mode answers; another mode's methods (and the scanner's on a
   * station without one) are refused by their feature's own handlers in create-station.ts.
   */
  readonly handlers: Partial<Handlers>;
}
