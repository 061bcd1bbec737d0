-- TOAST compression: lz4 for the large values of records and revisions (uncompressed on PGlite).
--
-- A stored record is about 2 kB of jsonb plus its search_vector, so most rows cross the
-- TOAST threshold (~2 kB) and PostgreSQL compresses their largest values on every write
-- and decompresses them on every read. The default method, pglz, costs more CPU than the
-- rest of a plain INSERT. Measured on 20,000 generated records (backend CPU of one bulk
-- INSERT ... SELECT with search columns): pglz 3.9 s, lz4 2.8-3.2 s, with lz4 output about
-- the same size as pglz's. Reads (OAI-PMH pages, ranking in search) detoast the same
-- values, and lz4 decompresses several times faster.
--
-- SET COMPRESSION applies to values written from now on; older values stay readable as
-- they are (every value records its own method).
--
-- PGlite is built without lz4 and raises feature_not_supported (PostgreSQL's
-- NO_LZ4_SUPPORT). There these values are stored uncompressed (STORAGE EXTERNAL: moved out
-- of line when large, never compressed): pglz in WebAssembly cost even more, and measured
-- on 20,000 records the embedded import ran at 2,200-2,500 rec/s uncompressed against
-- 1,600-1,900 with pglz (Node+PGlite CPU 400 against 510 us/record), for 23% more disk
-- (80 MB against 65 MB). The embedded default is for small and medium repositories, where
-- CPU, not disk, is what a user waits for.
DO $$
BEGIN
  ALTER TABLE records ALTER COLUMN json SET COMPRESSION lz4, ALTER COLUMN search_vector SET COMPRESSION lz4;
  ALTER TABLE record_revisions ALTER COLUMN json SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE records ALTER COLUMN json SET STORAGE EXTERNAL, ALTER COLUMN search_vector SET STORAGE EXTERNAL;
  ALTER TABLE record_revisions ALTER COLUMN json SET STORAGE EXTERNAL;
END
$$;
