-- When a hazard was last submitted for review (hazard.submitted), the ledger's 完成时间
-- (src/report/ledger.cpp). Same column as postgres/0009_hazard_submitted_at.sql. Existing rows are
-- filled from the journal exactly as replaying it would fill them: the time of the latest
-- hazard.submitted event of the hazard, or '' if it was never submitted.
ALTER TABLE hazard ADD COLUMN submitted_at TEXT NOT NULL DEFAULT '';
UPDATE hazard SET submitted_at = COALESCE(
  (SELECT j.at FROM journal j WHERE j.subject = hazard.id AND j.kind = 'hazard.submitted' ORDER BY j.seq DESC LIMIT 1),
  '');
