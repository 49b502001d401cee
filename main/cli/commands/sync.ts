import { runSyncCommand } from './sync-command';
import type { CliCommand } from '../command';

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Enroll the station with the central service, show the sync queue, or sync now',
  usage: 'station sync enroll --token=TOKEN | status | now  [--config=FILE]',
  run: (args, io) => runSyncCommand(args, io.env, (line) => io.stdout(`${line}\n`)),
};
