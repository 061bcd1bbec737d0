-- Phrases stay inside one value. 0002's search vector put separate values side by side: all
-- creator names (and all subjects) were joined into one string, and the title, creator,
-- subject and description parts were concatenated with no gap, so `creator:"George Morin"`
-- matched a record by "Maynard, George" and "Morin, Michael", and "artists experimental"
-- matched a creator's last word followed by a subject's first. A phrase (phraseto_tsquery,
-- `<->`) needs adjacent positions, so:
-- - creators and subjects go through jsonb_to_tsvector over their array, which parses each
--   string separately and leaves a position free between strings (as titles and
--   descriptions already did);
-- - between the four weighted parts a marker lexeme takes one position and is then deleted
--   with ts_delete, which keeps the others' positions: the gap stays. The marker is a single
--   space, a lexeme the 'simple' parser never produces, so no real word is deleted with it.
-- Texts over 100,000 bytes were parsed from their JSON text, where "\n" and quotes turned
-- into letters ("line\nword" became "nword") and separate descriptions ran together; they
-- are now cut as strings (granary_cut_strings) and parsed like short ones.

-- The leading strings of `arr` (a jsonb array of strings or numbers) up to `budget`
-- characters in all, the last one cut at the budget. Used only for over-long texts.
CREATE FUNCTION granary_cut_strings(arr jsonb, budget integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_agg(left(s.v, (budget - (s.run - length(s.v)))::integer) ORDER BY s.ord), '[]'::jsonb)
  FROM (SELECT e.v, e.ord, sum(length(e.v)) OVER (ORDER BY e.ord) AS run
          FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(arr) = 'array' THEN arr ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, ord)) s
  WHERE s.run - length(s.v) < budget
$$;

-- As in 0002 (see its comments) except for the search_vector expression.
CREATE OR REPLACE FUNCTION granary_search_fields(doc jsonb)
RETURNS TABLE (search_vector tsvector, resource_type text, pub_year integer, subjects text[],
               creator_names text[], language text, publisher text, title_sort text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT
    ts_delete(
      setweight(jsonb_to_tsvector('simple', CASE WHEN octet_length(j.titles::text) > 100000
        THEN granary_cut_strings(j.titles, 100000) ELSE j.titles END, '["string", "numeric"]'), 'A') || $gap$' ':1$gap$::tsvector ||
      setweight(jsonb_to_tsvector('simple', to_jsonb(a.creator_names), '["string"]'), 'B') || $gap$' ':1$gap$::tsvector ||
      setweight(jsonb_to_tsvector('simple', to_jsonb(a.subjects), '["string"]'), 'C') || $gap$' ':1$gap$::tsvector ||
      setweight(jsonb_to_tsvector('simple', CASE WHEN octet_length(j.descr::text) > 100000
        THEN granary_cut_strings(j.descr, 100000) ELSE j.descr END, '["string"]'), 'D'),
      ' '),
    CASE WHEN jsonb_typeof(doc -> 'types') = 'object'
      THEN nullif(left(btrim(doc #>> '{types,resourceTypeGeneral}'), 100), '') END,
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
      coalesce((SELECT array_agg(DISTINCT left(btrim(v), 300)) FROM jsonb_array_elements_text(j.subj) v WHERE btrim(v) <> ''), '{}') AS subjects,
      coalesce((SELECT array_agg(DISTINCT left(n, 300)) FROM (
          SELECT btrim(coalesce(c ->> 'name', concat_ws(', ', c ->> 'familyName', c ->> 'givenName'))) AS n
          FROM jsonb_array_elements(j.creators) c) x WHERE n <> ''), '{}') AS creator_names
    OFFSET 0) a
$$;

-- Stored rows get the new vector; only search_vector changes, and the UPDATE leaves json
-- alone, so the trigger keeps what is set here and no datestamp moves (OAI-PMH sees nothing).
UPDATE records r SET search_vector = (SELECT f.search_vector FROM granary_search_fields(r.json) f);
