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

-- The computation is one SELECT inside plpgsql, whose plan plpgsql caches: SQL-language
-- helper functions are re-planned on every call and made the trigger several times slower.
CREATE FUNCTION granary_records_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  doc jsonb := NEW.json;
  descr_vector tsvector;
BEGIN
  -- Writes that leave the JSON alone (deletion, datestamp bumps for set membership)
  -- keep the columns they already have, unless `granary reindex` asks for a recompute.
  IF TG_OP = 'UPDATE' AND NEW.json = OLD.json
     AND coalesce(current_setting('granary.search_reindex', true), '') <> 'on' THEN
    RETURN NEW;
  END IF;

  -- jsonpath lax mode (the default) never raises on a wrong shape: a `subjects` that is an
  -- object or a string yields what it can, so junk records are still stored.
  SELECT
    coalesce((SELECT array_agg(DISTINCT left(btrim(v), 300)) FROM jsonb_array_elements_text(subj) v WHERE btrim(v) <> ''), '{}'),
    -- A creator without `name` is named from its parts, as DataCite does ("Family, Given").
    coalesce((SELECT array_agg(DISTINCT left(n, 300)) FROM (
        SELECT btrim(coalesce(c ->> 'name', concat_ws(', ', c ->> 'familyName', c ->> 'givenName'))) AS n
        FROM jsonb_array_elements(creators) c) x WHERE n <> ''), '{}'),
    left(lower(btrim(titles ->> 0)), 200),
    -- jsonb_to_tsvector keeps separate strings apart, so a phrase never spans two titles.
    setweight(CASE WHEN octet_length(titles::text) > 100000
      THEN to_tsvector('simple', left(titles::text, 100000))
      ELSE jsonb_to_tsvector('simple', titles, '["string", "numeric"]') END, 'A'),
    -- A tsvector must stay under 1 MB: an absurdly long text is cut rather than refused.
    CASE WHEN octet_length(descr::text) > 100000
      THEN to_tsvector('simple', left(descr::text, 100000))
      ELSE jsonb_to_tsvector('simple', descr, '["string"]') END
  INTO NEW.subjects, NEW.creator_names, NEW.title_sort, NEW.search_vector, descr_vector
  FROM (SELECT
      jsonb_path_query_array(doc, '$.titles[*].title ? (@.type() == "string" || @.type() == "number")') AS titles,
      jsonb_path_query_array(doc, '$.subjects[*].subject ? (@.type() == "string")') AS subj,
      jsonb_path_query_array(doc, '$.creators[*] ? (@.type() == "object")') AS creators,
      jsonb_path_query_array(doc, '$.descriptions[*].description ? (@.type() == "string")') AS descr) j;

  NEW.search_vector := NEW.search_vector ||
    setweight(to_tsvector('simple', array_to_string(NEW.creator_names, ' ')), 'B') ||
    setweight(to_tsvector('simple', array_to_string(NEW.subjects, ' ')), 'C') ||
    setweight(descr_vector, 'D');

  NEW.resource_type := CASE WHEN jsonb_typeof(doc -> 'types') = 'object'
    THEN nullif(left(btrim(doc #>> '{types,resourceTypeGeneral}'), 100), '') END;
  -- publicationYear is "2014", 2014, "2014-05-01" or junk; junk means no year.
  NEW.pub_year := CASE WHEN jsonb_typeof(doc -> 'publicationYear') IN ('string', 'number')
    THEN substring(doc ->> 'publicationYear' FROM '^\s*(\d{4})(?!\d)')::integer END;
  NEW.language := CASE WHEN jsonb_typeof(doc -> 'language') = 'string'
    THEN nullif(lower(left(btrim(doc ->> 'language'), 50)), '') END;
  NEW.publisher := nullif(left(btrim(CASE jsonb_typeof(doc -> 'publisher')
      WHEN 'object' THEN doc #>> '{publisher,name}'
      WHEN 'string' THEN doc ->> 'publisher'
    END), 500), '');
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
