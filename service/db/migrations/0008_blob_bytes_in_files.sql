-- Evidence bytes move out of the database into the service's content-addressed file store
-- (SERVICE_BLOB_DIR, service/blobs/blob-store.ts). The database keeps what the store holds:
-- `blobs` (complete only once the file is durably in place) and, of an upload in progress,
-- which chunks are on disk (`blob_chunks` rows without data). Chunks stored by earlier
-- versions keep their bytes in `data` until the service moves them to the store when it starts
-- (service/blobs/move-db-bytes.ts).
ALTER TABLE blob_chunks ALTER COLUMN data DROP NOT NULL;
