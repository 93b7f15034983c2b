-- Anxiao schema v1 (SQLite). The journal is the source of truth (docs/journal_format.md); the
-- projection tables below must have exactly the columns of domain::ProjectionTables().

CREATE TABLE journal (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  subject   TEXT NOT NULL,
  payload   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX journal_subject ON journal(subject, seq);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

CREATE TABLE checkpoint (
  id     INTEGER PRIMARY KEY,
  seq    INTEGER NOT NULL,
  hash   TEXT NOT NULL,
  at     TEXT NOT NULL,
  reason TEXT NOT NULL
);

CREATE TABLE org (
  id        TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES org(id),
  kind      TEXT NOT NULL,
  name      TEXT NOT NULL,
  code      TEXT NOT NULL,
  path      TEXT NOT NULL UNIQUE,
  depth     INTEGER NOT NULL
);
CREATE INDEX org_parent ON org(parent_id, kind, code);

CREATE TABLE school (
  id                   TEXT PRIMARY KEY REFERENCES org(id),
  parent_id            TEXT NOT NULL REFERENCES org(id),
  code                 TEXT NOT NULL UNIQUE,
  name                 TEXT NOT NULL,
  type                 TEXT NOT NULL,
  ownership            TEXT NOT NULL,
  location_class       TEXT NOT NULL,
  boarding             INTEGER NOT NULL,
  student_count        INTEGER NOT NULL,
  address              TEXT NOT NULL,
  latitude             TEXT NOT NULL,
  longitude            TEXT NOT NULL,
  principal_name       TEXT NOT NULL,
  principal_phone      TEXT NOT NULL,
  safety_officer_name  TEXT NOT NULL,
  safety_officer_phone TEXT NOT NULL,
  name_pinyin          TEXT NOT NULL,
  name_initials        TEXT NOT NULL,
  path                 TEXT NOT NULL,
  version              INTEGER NOT NULL
);
CREATE INDEX school_path ON school(path);

CREATE TABLE app_user (
  id           TEXT PRIMARY KEY,
  username     TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL,
  scope_org_id TEXT NOT NULL REFERENCES org(id),
  organization TEXT NOT NULL,
  disabled     INTEGER NOT NULL,
  password_fp  TEXT NOT NULL,
  version      INTEGER NOT NULL
);

CREATE TABLE api_token (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES app_user(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  revoked      INTEGER NOT NULL
);

-- Not projections: credentials and sessions (never journaled in clear).
CREATE TABLE credential (
  user_id       TEXT PRIMARY KEY REFERENCES app_user(id),
  password_hash TEXT NOT NULL
);
CREATE TABLE session (
  token_sha256 TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES app_user(id),
  csrf_token   TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  expires_ms   INTEGER NOT NULL
);
