-- Company health events a field admin created on a station while offline, synced later: the
-- creating station owns them (another station cannot change them); the insurer's own have NULL.
ALTER TABLE field_events ADD COLUMN created_by_station text REFERENCES stations (station_id);
