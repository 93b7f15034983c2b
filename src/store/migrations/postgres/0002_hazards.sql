-- Anxiao schema v2 (PostgreSQL). Same tables and columns as sqlite/0002_hazards.sql; ids, paths
-- and sort keys use the "C" collation (bytewise, as on SQLite).

CREATE TABLE hazard (
  id                    TEXT COLLATE "C" PRIMARY KEY,
  number                TEXT COLLATE "C" NOT NULL UNIQUE,
  school_id             TEXT COLLATE "C" NOT NULL REFERENCES school(id),
  path                  TEXT COLLATE "C" NOT NULL,
  county_id             TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  supervising_org_id    TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  supervising_path      TEXT COLLATE "C" NOT NULL,
  source                TEXT NOT NULL,
  category              TEXT NOT NULL,
  description           TEXT NOT NULL,
  location              TEXT NOT NULL,
  risk_level            TEXT NOT NULL,
  risk_rank             BIGINT NOT NULL,
  state                 TEXT NOT NULL,
  found_at              TEXT COLLATE "C" NOT NULL,
  found_by              TEXT NOT NULL,
  registered_at         TEXT COLLATE "C" NOT NULL,
  deadline              TEXT COLLATE "C" NOT NULL,
  measures              TEXT NOT NULL,
  responsible_person    TEXT NOT NULL,
  funds                 TEXT NOT NULL,
  contingency_plan      TEXT NOT NULL,
  interim_measures      TEXT NOT NULL,
  closed_for_use        BIGINT NOT NULL,
  planned_by            TEXT NOT NULL,
  started_by            TEXT NOT NULL,
  last_progress_by      TEXT NOT NULL,
  last_progress_note    TEXT NOT NULL,
  submitted_by          TEXT NOT NULL,
  rectifiers            TEXT NOT NULL,
  reviewed_by           TEXT NOT NULL,
  reviewed_at           TEXT NOT NULL,
  closed_at             TEXT NOT NULL,
  rejection_count       BIGINT NOT NULL,
  last_rejection_reason TEXT NOT NULL,
  voided_by             TEXT NOT NULL,
  voided_reason         TEXT NOT NULL,
  extension_count       BIGINT NOT NULL,
  updated_at            TEXT NOT NULL,
  version               BIGINT NOT NULL
);
-- The list filters: scope (path prefix) with the default order, state + deadline (overdue and
-- due-soon), school, and the other sort keys.
CREATE INDEX hazard_path_deadline ON hazard(path, deadline);
CREATE INDEX hazard_state_deadline ON hazard(state, deadline);
CREATE INDEX hazard_school ON hazard(school_id, found_at);
CREATE INDEX hazard_found ON hazard(found_at);
CREATE INDEX hazard_risk ON hazard(risk_rank, deadline);
CREATE INDEX hazard_supervising ON hazard(supervising_path);

CREATE TABLE hazard_extension (
  id              TEXT COLLATE "C" PRIMARY KEY,
  hazard_id       TEXT COLLATE "C" NOT NULL REFERENCES hazard(id),
  requested_by    TEXT NOT NULL,
  requested_at    TEXT COLLATE "C" NOT NULL,
  old_deadline    TEXT NOT NULL,
  new_deadline    TEXT NOT NULL,
  reason          TEXT NOT NULL,
  state           TEXT NOT NULL,
  decided_by      TEXT NOT NULL,
  decided_at      TEXT NOT NULL,
  decision_reason TEXT NOT NULL
);
CREATE INDEX hazard_extension_hazard ON hazard_extension(hazard_id, requested_at);

-- Evidence references ("<hazard_id>:<sha256>:<kind>"); the evidence files themselves come later.
CREATE TABLE hazard_evidence (
  id        TEXT COLLATE "C" PRIMARY KEY,
  hazard_id TEXT COLLATE "C" NOT NULL REFERENCES hazard(id),
  sha256    TEXT COLLATE "C" NOT NULL,
  kind      TEXT NOT NULL,
  added_seq BIGINT NOT NULL
);
CREATE INDEX hazard_evidence_hazard ON hazard_evidence(hazard_id, added_seq);
CREATE INDEX hazard_evidence_sha ON hazard_evidence(sha256);

-- The last hazard number per county and year ("<county_id>:<year>").
CREATE TABLE hazard_counter (
  id        TEXT COLLATE "C" PRIMARY KEY,
  county_id TEXT COLLATE "C" NOT NULL,
  year      BIGINT NOT NULL,
  last_seq  BIGINT NOT NULL
);

CREATE TABLE notice (
  id        TEXT COLLATE "C" PRIMARY KEY,
  to_org_id TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  kind      TEXT NOT NULL,
  hazard_id TEXT COLLATE "C" NOT NULL,
  at        TEXT COLLATE "C" NOT NULL
);
CREATE INDEX notice_to ON notice(to_org_id, at);

-- Not a projection: responses to POST requests with an Idempotency-Key, per user. status 0 marks a
-- request still being processed.
CREATE TABLE idempotency (
  user_id        TEXT COLLATE "C" NOT NULL,
  key            TEXT COLLATE "C" NOT NULL,
  method         TEXT NOT NULL,
  path           TEXT COLLATE "C" NOT NULL,
  request_sha256 TEXT NOT NULL,
  status         BIGINT NOT NULL,
  body           TEXT NOT NULL,
  etag           TEXT NOT NULL,
  created_ms     BIGINT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_created ON idempotency(created_ms);
