import { parseArgs } from 'node:util';
import { StaffRole } from '../../contract/staff';
import { EventHub } from '../../runtime/event-hub';
import { createLogger } from '../../runtime/logger';
import { StaffInputError, StaffService } from '../../staff/staff-service';
import { exitCode, type CliCommand } from '../command';
import { openStationStore, resolveConfig } from '../../station/station-context';

/**
 * Staff accounts are created on the station itself by whoever holds its database key
 * (the first admin has to come from somewhere); the password is read from standard input
 * so that it appears neither in the shell history nor in the process list.
 */
export const staffCommand: CliCommand = {
  name: 'staff',
  summary: 'Manage local staff accounts of a clerk or field station',
  usage: 'station staff add --id ID --name NAME --role clerk|field|admin [--config FILE]   (password on stdin)\n       station staff list [--config FILE] [--json]',
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    if (sub !== 'add' && sub !== 'list') {
      io.stderr(`Usage: ${this.usage}\n`);
      return exitCode.usage;
    }
    const loaded = resolveConfig(values.config, io.env);
    const store = openStationStore(loaded, io.env);
    const log = createLogger('cli', () => {});
    const staff = new StaffService({ db: store.db, mode: loaded.config.mode, events: new EventHub(log), log, inactivitySeconds: loaded.config.staff.inactivityTimeoutSeconds });
    try {
      if (sub === 'list') {
        const accounts = staff.listAccounts();
        if (values.json) io.stdout(`${JSON.stringify(accounts, null, 2)}\n`);
        else io.stdout(accounts.map((a) => `${a.staffId}\t${a.role}\t${a.displayName}${a.disabledAt ? '\t(disabled)' : ''}`).join('\n') + (accounts.length ? '\n' : 'no staff accounts\n'));
        return exitCode.ok;
      }
      const role = StaffRole.safeParse(values.role);
      if (!values.id || !values.name || !role.success) {
        io.stderr(`--id, --name and --role (clerk, field or admin) are required\nUsage: ${this.usage}\n`);
        return exitCode.usage;
      }
      const password = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
      await staff.createAccount({ staffId: values.id, displayName: values.name, role: role.data, password }, 'cli');
      io.stdout(`created ${role.data} account ${values.id}\n`);
      return exitCode.ok;
    } catch (error) {
      if (error instanceof StaffInputError) {
        io.stderr(`${error.message}\n`);
        return exitCode.invalidInput;
      }
      throw error;
    } finally {
      store.close();
    }
  },
};
