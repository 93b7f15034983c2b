-- Anxiao schema v3 (PostgreSQL). Same tables and columns as sqlite/0003_evidence.sql; ids use the
-- "C" collation (bytewise, as on SQLite).

CREATE TABLE evidence (
  id          TEXT COLLATE "C" PRIMARY KEY,  -- the SHA-256 of the file
  size        BIGINT NOT NULL,
  mime        TEXT NOT NULL,
  width       BIGINT NOT NULL,
  height      BIGINT NOT NULL,
  taken_at    TEXT,
  latitude    TEXT,
  longitude   TEXT,
  phash       TEXT COLLATE "C" NOT NULL,
  uploaded_by TEXT COLLATE "C" NOT NULL,
  stored_at   TEXT COLLATE "C" NOT NULL,
  stored_seq  BIGINT NOT NULL
);
CREATE INDEX evidence_phash ON evidence(phash);

CREATE TABLE evidence_upload (
  id      TEXT COLLATE "C" PRIMARY KEY,
  sha256  TEXT COLLATE "C" NOT NULL REFERENCES evidence(id),
  user_id TEXT COLLATE "C" NOT NULL,
  at      TEXT COLLATE "C" NOT NULL
);
CREATE INDEX evidence_upload_sha ON evidence_upload(sha256);
