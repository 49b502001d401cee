import type { CliCommand } from '../command';
import { bookletCommand } from './booklet';
import { cardCommand } from './card';
import { diagnosticsCommand } from './diagnostics';
import { rulesCommand } from './rules';
import { scanCommand } from './scan';
import { staffCommand } from './staff';
import { syncCommand } from './sync';

/** Every `station` subcommand; each lives in its own file in this folder. */
export const commands: CliCommand[] = [diagnosticsCommand, rulesCommand, staffCommand, scanCommand, cardCommand, syncCommand, bookletCommand];
