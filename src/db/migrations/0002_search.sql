-- Search columns on `records`, computed from `json` by a BEFORE INSERT OR UPDATE trigger,
-- so every write (the record store, a bulk INSERT ... SELECT from a staging table, a
-- manual UPDATE) is searchable the moment it commits. src/search/pg/ reads these columns.
--
-- Text search configuration: 'simple' (lower-case, no stemming, no stop words). Records
-- are multilingual (DataCite titles carry their own xml:lang, and one record may hold
-- titles in several languages) while the query's language is unknown, so a language
-- config would stem or drop words of every other language ('english' turns the German
-- "die" into nothing and stems French words as if English). 'simple' treats every
-- language alike and is built into both PostgreSQL 15 and PGlite. Case folding of
-- non-ASCII letters follows the database's LC_CTYPE.
--
-- Values are cut to bounded lengths: a btree or GIN entry must fit in an index page
-- (about 2.7 kB), and a tsvector must stay under 1 MB; an over-long junk field must never
-- make a write fail.

ALTER TABLE records
  ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector,
  ADD COLUMN resource_type text,
  ADD COLUMN pub_year      integer,
  ADD COLUMN subjects      text[] NOT NULL DEFAULT '{}',
  ADD COLUMN creator_names text[] NOT NULL DEFAULT '{}',
  ADD COLUMN language      text,
  ADD COLUMN publisher     text,
  -- COLLATE "C": title sorting is byte order, identical on every server and on PGlite.
  ADD COLUMN title_sort    text COLLATE "C";

-- The search columns of one record, defined once and used twice: by the trigger below
-- (one row per write) and by the bulk import (src/records/bulk.ts), which computes them
-- set-wise in its INSERT ... SELECT, CROSS JOIN LATERAL granary_search_fields(e). An SQL
-- function with one SELECT is inlined into the calling query's plan, so neither caller
-- pays for a function call or re-planning per row. Measured on 20,000 generated records
-- (backend CPU): the per-row trigger costs ~4.2 s, the set-wise INSERT ~3.2 s, a plain
-- INSERT without search columns ~0.6 s; of the computation, the descriptions' tsvector
-- is ~0.5 s and the four jsonpath extractions ~0.4 s.
--
-- The `OFFSET 0` fences keep the planner from flattening the subqueries into the caller:
-- flattened, every reference to `j.titles` or `a.subjects` repeats its expression (the
-- jsonpath query and the DISTINCT aggregates ran two or three times, import ran 1.7x slower).
--
-- jsonpath lax mode (the default) never raises on a wrong shape: a `subjects` that is an
-- object or a string yields what it can, so junk records are still stored.
CREATE FUNCTION granary_search_fields(doc jsonb)
RETURNS TABLE (search_vector tsvector, resource_type text, pub_year integer, subjects text[],
               creator_names text[], language text, publisher text, title_sort text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT
    -- jsonb_to_tsvector keeps separate strings apart, so a phrase never spans two titles.
    -- A tsvector must stay under 1 MB: an absurdly long text is cut rather than refused.
    setweight(CASE WHEN octet_length(j.titles::text) > 100000
      THEN to_tsvector('simple', left(j.titles::text, 100000))
      ELSE jsonb_to_tsvector('simple', j.titles, '["string", "numeric"]') END, 'A') ||
    setweight(to_tsvector('simple', array_to_string(a.creator_names, ' ')), 'B') ||
    setweight(to_tsvector('simple', array_to_string(a.subjects, ' ')), 'C') ||
    setweight(CASE WHEN octet_length(j.descr::text) > 100000
      THEN to_tsvector('simple', left(j.descr::text, 100000))
      ELSE jsonb_to_tsvector('simple', j.descr, '["string"]') END, 'D'),
    CASE WHEN jsonb_typeof(doc -> 'types') = 'object'
      THEN nullif(left(btrim(doc #>> '{types,resourceTypeGeneral}'), 100), '') END,
    -- publicationYear is "2014", 2014, "2014-05-01" or junk; junk means no year.
    CASE WHEN jsonb_typeof(doc -> 'publicationYear') IN ('string', 'number')
      THEN substring(doc ->> 'publicationYear' FROM '^\s*(\d{4})(?!\d)')::integer END,
    a.subjects,
    a.creator_names,
    CASE WHEN jsonb_typeof(doc -> 'language') = 'string'
      THEN nullif(lower(left(btrim(doc ->> 'language'), 50)), '') END,
    nullif(left(btrim(CASE jsonb_typeof(doc -> 'publisher')
        WHEN 'object' THEN doc #>> '{publisher,name}'
        WHEN 'string' THEN doc ->> 'publisher'
      END), 500), ''),
    left(lower(btrim(j.titles ->> 0)), 200)
  FROM (SELECT
      jsonb_path_query_array(doc, '$.titles[*].title ? (@.type() == "string" || @.type() == "number")') AS titles,
      jsonb_path_query_array(doc, '$.subjects[*].subject ? (@.type() == "string")') AS subj,
      jsonb_path_query_array(doc, '$.creators[*] ? (@.type() == "object")') AS creators,
      jsonb_path_query_array(doc, '$.descriptions[*].description ? (@.type() == "string")') AS descr
    OFFSET 0) j
  CROSS JOIN LATERAL (SELECT
      -- DISTINCT: a facet counts a record once per value, however often the record repeats it.
      coalesce((SELECT array_agg(DISTINCT left(btrim(v), 300)) FROM jsonb_array_elements_text(j.subj) v WHERE btrim(v) <> ''), '{}') AS subjects,
      -- A creator without `name` is named from its parts, as DataCite does ("Family, Given").
      coalesce((SELECT array_agg(DISTINCT left(n, 300)) FROM (
          SELECT btrim(coalesce(c ->> 'name', concat_ws(', ', c ->> 'familyName', c ->> 'givenName'))) AS n
          FROM jsonb_array_elements(j.creators) c) x WHERE n <> ''), '{}') AS creator_names
    OFFSET 0) a
$$;

-- The SELECT inside plpgsql is planned once per session and cached, with the function
-- above inlined into it.
CREATE FUNCTION granary_records_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Writes that leave the JSON alone (deletion, datestamp bumps for set membership)
  -- keep the columns they already have, unless `granary reindex` asks for a recompute.
  IF TG_OP = 'UPDATE' AND NEW.json = OLD.json
     AND coalesce(current_setting('granary.search_reindex', true), '') <> 'on' THEN
    RETURN NEW;
  END IF;
  -- The bulk import computed this INSERT's columns with granary_search_fields in the same
  -- statement, so they are already what this trigger would compute. It sets the flag
  -- transaction-locally around that one INSERT only; an UPDATE always recomputes.
  IF TG_OP = 'INSERT' AND current_setting('granary.search_fields_supplied', true) = 'on' THEN
    RETURN NEW;
  END IF;
  SELECT f.search_vector, f.resource_type, f.pub_year, f.subjects, f.creator_names, f.language, f.publisher, f.title_sort
    INTO NEW.search_vector, NEW.resource_type, NEW.pub_year, NEW.subjects, NEW.creator_names, NEW.language, NEW.publisher, NEW.title_sort
    FROM granary_search_fields(NEW.json) f;
  RETURN NEW;
END
$$;

CREATE TRIGGER records_search_fields
  BEFORE INSERT OR UPDATE ON records
  FOR EACH ROW EXECUTE FUNCTION granary_records_search_fields();

CREATE INDEX records_search_vector ON records USING gin (search_vector);
-- No index on subjects, creator_names or resource_type: facet filters are evaluated on the
-- rows the query and read filter already selected (search-sql.ts, CTE `base`), and
-- `type:` compares lower(resource_type), so no search ever used them (pg_stat_user_indexes
-- after the bench: 0 scans), while keeping them cost ~18% of all index upkeep on insert.
CREATE INDEX records_pub_year ON records (pub_year);
CREATE INDEX records_created_id ON records (created, id);
CREATE INDEX records_title_sort_id ON records (title_sort, id);
-- doi: queries match the JSON's DOI case-insensitively (DOIs are case-insensitive, DOI Handbook 2.4).
CREATE INDEX records_json_doi ON records ((lower(json ->> 'doi')));
