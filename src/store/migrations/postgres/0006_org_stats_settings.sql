-- School counts per non-school org (projection of org.created and school.created; see
-- src/domain/projection.cpp), so that reading an org never counts the register. Backfilled here
-- from the schools already present: an org's count is the number of schools whose path lies
-- under its path ('/a/b/' ≤ path < '/a/b0', '0' being the character after '/').
CREATE TABLE org_stat (
  id TEXT COLLATE "C" PRIMARY KEY,
  school_count INTEGER NOT NULL
);
INSERT INTO org_stat (id, school_count)
SELECT o.id,
       (SELECT count(*) FROM school s
         WHERE s.path >= o.path AND s.path < substr(o.path, 1, length(o.path) - 1) || '0')
  FROM org o
 WHERE o.kind <> 'school';

-- Admin settings (projection of setting.updated; src/domain/settings.hpp): key → canonical JSON.
CREATE TABLE setting (
  id TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
