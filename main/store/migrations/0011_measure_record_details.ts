import type { Migration } from './types';

/**
 * What a kiosk entry says beyond its kind, for the rules engine's conditions (catalogs that
 * accept them, e.g. a BMI value or a signed non-smoker declaration): the measured value with
 * its unit, and the code of the statement the member signed. Null for photos and dated entries.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'measure_record_details',
  up(db) {
    db.exec(`
      ALTER TABLE measure_record ADD COLUMN measured_value REAL;
      ALTER TABLE measure_record ADD COLUMN measured_unit  TEXT;
      ALTER TABLE measure_record ADD COLUMN statement      TEXT;
    `);
  },
};
