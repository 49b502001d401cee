import type { CliCommand } from '../command';
import { diagnosticsCommand } from './diagnostics';

/** Every `station` subcommand; each lives in its own file in this folder. */
export const commands: CliCommand[] = [diagnosticsCommand];
