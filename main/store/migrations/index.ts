import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_outbox';
import { migration0003 } from './0003_staff';
import { migration0004 } from './0004_kiosk';
import { migration0005 } from './0005_measure_records';
import { migration0006 } from './0006_field';
import { migration0007 } from './0007_clerk_batch';
import { migration0008 } from './0008_payout_application';
import { migration0009 } from './0009_field_qr';
import { migration0010 } from './0010_booklet_links';
import { migration0011 } from './0011_measure_record_details';
import { migration0012 } from './0012_clerk_dates_legacy_booking';
import { migration0013 } from './0013_legacy_layouts';
import type { Migration } from './types';

export type { Migration } from './types';

/** All schema steps in order. Add a new file `NNNN_name.ts` and list it here; never edit a released one. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
