-- Evidence chunks are JPEG/PNG/WebP/PDF: already compressed. Stored EXTERNAL, PostgreSQL keeps
-- them out of line without first trying pglz on every chunk, which only costs time
-- (bench/sync-throughput.bench.ts: about a third of the insert on both PGlite and PostgreSQL).
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
