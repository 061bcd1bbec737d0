-- Embargo lifting (src/records/embargo.ts) looks up embargoed records whose date has come.
-- Partial: only embargoed rows are in it, so other writes never touch it.
CREATE INDEX records_embargo_until ON records (embargo_until) WHERE access_level = 'embargoed';
