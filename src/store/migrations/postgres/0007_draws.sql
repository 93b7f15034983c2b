-- Anxiao schema v7 (PostgreSQL): verifiable random draws (issue #6; domain/draw_record.hpp,
-- docs/draw_algorithm.md). Same tables and columns as sqlite/0007_draws.sql; projection tables
-- have exactly the columns of domain::ProjectionTables(). (Version 5 was never used.)

-- Published versions of the two registers (一单两库): the records themselves (canonical JSON array
-- in normal order), their SHA-256 and a version number per (kind, org).
CREATE TABLE draw_register (
  id           TEXT COLLATE "C" PRIMARY KEY,
  kind         TEXT NOT NULL,
  org_id       TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  org_path     TEXT COLLATE "C" NOT NULL,
  number       BIGINT NOT NULL,
  sha256       TEXT NOT NULL,
  count        BIGINT NOT NULL,
  records      TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL
);
CREATE UNIQUE INDEX draw_register_number ON draw_register(kind, org_id, number);
-- The latest version of each register: id = "<kind>:<org id>".
CREATE TABLE draw_register_head (
  id          TEXT COLLATE "C" PRIMARY KEY,
  register_id TEXT COLLATE "C" NOT NULL REFERENCES draw_register(id),
  number      BIGINT NOT NULL
);
-- Draws: definition, pinned register versions, commitment; seed, public value and result after
-- the reveal (empty text before).
CREATE TABLE draw (
  id                     TEXT COLLATE "C" PRIMARY KEY,
  org_id                 TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  org_path               TEXT COLLATE "C" NOT NULL,
  name                   TEXT NOT NULL,
  state                  TEXT NOT NULL,
  definition             TEXT NOT NULL,
  schools_register_id    TEXT COLLATE "C" NOT NULL REFERENCES draw_register(id),
  inspectors_register_id TEXT COLLATE "C" NOT NULL REFERENCES draw_register(id),
  schools_sha256         TEXT NOT NULL,
  inspectors_sha256      TEXT NOT NULL,
  commitment             TEXT NOT NULL,
  committed_by           TEXT NOT NULL,
  committed_at           TEXT NOT NULL,
  seed                   TEXT NOT NULL,
  public_value           TEXT NOT NULL,
  result                 TEXT NOT NULL,
  problems               TEXT NOT NULL,
  executed_by            TEXT NOT NULL,
  executed_at            TEXT NOT NULL,
  version                BIGINT NOT NULL
);
CREATE INDEX draw_org ON draw(org_path, committed_at);
-- The seed of a committed draw until its reveal: NOT journaled and never read by the API (like the
-- credential table). 64 hex digits.
CREATE TABLE draw_secret (
  draw_id TEXT COLLATE "C" PRIMARY KEY REFERENCES draw(id),
  seed    TEXT NOT NULL
);
