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

-- Strings found at a jsonpath, trimmed, cut to `max_len`, empty ones dropped, in document order.
CREATE FUNCTION granary_json_strings(doc jsonb, path jsonpath, max_len integer)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(s ORDER BY n), '{}')
  FROM (
    SELECT left(btrim(v #>> '{}'), max_len) AS s, n
    FROM jsonb_path_query(doc, path) WITH ORDINALITY AS t(v, n)
    WHERE jsonb_typeof(v) IN ('string', 'number')
  ) x
  WHERE s <> ''
$$;

CREATE FUNCTION granary_records_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  doc jsonb := NEW.json;
  titles text[];
  descriptions text[];
  raw_year text;
BEGIN
  -- Writes that leave the JSON alone (deletion, datestamp bumps for set membership)
  -- keep the columns they already have, unless `granary reindex` asks for a recompute.
  IF TG_OP = 'UPDATE' AND NEW.json = OLD.json
     AND coalesce(current_setting('granary.search_reindex', true), '') <> 'on' THEN
    RETURN NEW;
  END IF;

  -- jsonpath lax mode (the default) never raises on a wrong shape: a `titles` that is an
  -- object or a string simply yields what it can, so junk records are still stored.
  titles := granary_json_strings(doc, '$.titles[*].title', 5000);
  descriptions := granary_json_strings(doc, '$.descriptions[*].description', 20000);
  NEW.subjects := ARRAY(SELECT DISTINCT s FROM unnest(granary_json_strings(doc, '$.subjects[*].subject', 300)) s);
  -- A creator without `name` is named from its parts, as DataCite does ("Family, Given").
  NEW.creator_names := ARRAY(
    SELECT DISTINCT left(n, 300) FROM (
      SELECT btrim(coalesce(c ->> 'name', concat_ws(', ', c ->> 'familyName', c ->> 'givenName'))) AS n
      FROM jsonb_path_query(doc, '$.creators[*] ? (@.type() == "object")') c
    ) x WHERE n <> '');

  NEW.search_vector :=
    setweight(to_tsvector('simple', array_to_string(titles, ' ')), 'A') ||
    setweight(to_tsvector('simple', array_to_string(NEW.creator_names, ' ')), 'B') ||
    setweight(to_tsvector('simple', array_to_string(NEW.subjects, ' ')), 'C') ||
    setweight(to_tsvector('simple', left(array_to_string(descriptions, ' '), 100000)), 'D');

  NEW.resource_type := nullif(left(btrim(doc #>> '{types,resourceTypeGeneral}'), 100), '');
  IF jsonb_typeof(doc -> 'types') <> 'object' THEN
    NEW.resource_type := NULL;
  END IF;

  -- publicationYear is "2014", 2014, "2014-05-01" or junk; junk means no year.
  raw_year := CASE WHEN jsonb_typeof(doc -> 'publicationYear') IN ('string', 'number') THEN doc ->> 'publicationYear' END;
  NEW.pub_year := substring(raw_year FROM '^\s*(\d{4})(?!\d)')::integer;

  NEW.language := CASE WHEN jsonb_typeof(doc -> 'language') = 'string'
    THEN nullif(lower(left(btrim(doc ->> 'language'), 50)), '') END;
  NEW.publisher := nullif(left(btrim(CASE jsonb_typeof(doc -> 'publisher')
      WHEN 'object' THEN doc #>> '{publisher,name}'
      WHEN 'string' THEN doc ->> 'publisher'
    END), 500), '');
  NEW.title_sort := left(lower(titles[1]), 200);
  RETURN NEW;
END
$$;

CREATE TRIGGER records_search_fields
  BEFORE INSERT OR UPDATE ON records
  FOR EACH ROW EXECUTE FUNCTION granary_records_search_fields();

CREATE INDEX records_search_vector ON records USING gin (search_vector);
CREATE INDEX records_subjects ON records USING gin (subjects);
CREATE INDEX records_creator_names ON records USING gin (creator_names);
CREATE INDEX records_pub_year ON records (pub_year);
CREATE INDEX records_resource_type ON records (resource_type);
CREATE INDEX records_created_id ON records (created, id);
CREATE INDEX records_title_sort_id ON records (title_sort, id);
-- doi: queries match the JSON's DOI case-insensitively (DOIs are case-insensitive, DOI Handbook 2.4).
CREATE INDEX records_json_doi ON records ((lower(json ->> 'doi')));
