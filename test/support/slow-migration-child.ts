// Test helper: opens a station database and runs a migration that never finishes on its own,
// so the parent test can kill the process in the middle of the transaction.
import { openStationDatabase } from '../../main/store/database';
import { migrations } from '../../main/store/migrations';

const [path, keyHex] = process.argv.slice(2);
if (!path || !keyHex) throw new Error('usage: slow-migration-child <path> <hex key>');

openStationDatabase({
  path,
  key: Buffer.from(keyHex, 'hex'),
  migrations: [
    ...migrations,
    {
      version: migrations.length + 1,
      name: 'slow',
      up(db) {
        db.exec('CREATE TABLE slow_table (x INTEGER)');
        const insert = db.prepare('INSERT INTO slow_table VALUES (?)');
        for (let i = 0; i < 50_000; i++) insert.run(i);
        process.stdout.write('inside-migration\n');
        // Busy-wait inside the open transaction until the parent kills us.
        for (;;) insert.run(-1);
      },
    },
  ],
});
