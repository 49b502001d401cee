import type { scannerMethods } from '../contract/scanner';
import type { Handlers } from '../runtime/dispatcher';
import type { StationService } from '../runtime/service';

/** One station mode assembled on the shared base. */
export interface StationMode {
  /** Every long-lived service of the station, base ones included, in start order (stopped in reverse). */
  readonly services: readonly StationService[];
  /**
   * The contract's methods this mode answers; another mode's methods are refused by their
   * feature. Every mode has the scanner, built by the mode because where its pages go differs.
   */
  readonly handlers: Partial<Handlers> & Pick<Handlers, keyof typeof scannerMethods>;
}
