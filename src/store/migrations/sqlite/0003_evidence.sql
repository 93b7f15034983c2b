-- Anxiao schema v3 (SQLite): evidence files (photos). The bytes live in the evidence directory,
-- stored once by SHA-256 (src/store/files); these rows are the projection of `evidence.stored`
-- and `evidence.uploaded` (domain/projection.cpp). Unknown EXIF values are NULL.

CREATE TABLE evidence (
  id          TEXT PRIMARY KEY,  -- the SHA-256 of the file
  size        INTEGER NOT NULL,
  mime        TEXT NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  taken_at    TEXT,
  latitude    TEXT,
  longitude   TEXT,
  phash       TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  stored_at   TEXT NOT NULL,
  stored_seq  INTEGER NOT NULL
);
CREATE INDEX evidence_phash ON evidence(phash);

-- Who uploaded which file ("<sha256>:<user id>"): the uploader may preview a file before any
-- record references it, and may reference it.
CREATE TABLE evidence_upload (
  id      TEXT PRIMARY KEY,
  sha256  TEXT NOT NULL REFERENCES evidence(id),
  user_id TEXT NOT NULL,
  at      TEXT NOT NULL
);
CREATE INDEX evidence_upload_sha ON evidence_upload(sha256);
