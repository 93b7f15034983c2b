-- The self-inspection miss rate from counters (src/domain/hazard_stat.hpp): hazard_stat gains the
-- keys self_done, ~s:<day>, sc_clean, sc_missed and sc_missed_h. The store rebuilds the whole
-- table from the hazard and inspection rows right after this migration
-- (SqlStore::RebuildHazardStats), as replaying the journal would fill it. Same as
-- sqlite/0011_self_check_stats.sql.
--
-- The rebuild, and the miss rate as of a past date (which reads the rows), look for the submitted
-- self-inspections under a path.
CREATE INDEX inspection_self_submitted ON inspection(school_path) WHERE self_inspection = 1 AND state = 'submitted';
