-- Anxiao schema v1 (PostgreSQL). Same tables and columns as sqlite/0001_init.sql. Identifiers,
-- codes and paths use the "C" collation so that ordering and prefix ranges are bytewise, as on
-- SQLite, whatever the cluster's locale.

CREATE TABLE journal (
  seq       BIGINT PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  subject   TEXT NOT NULL COLLATE "C",
  payload   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX journal_subject ON journal(subject, seq);
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'journal is append-only';
END
$$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
  FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();

CREATE TABLE checkpoint (
  id     BIGSERIAL PRIMARY KEY,
  seq    BIGINT NOT NULL,
  hash   TEXT NOT NULL,
  at     TEXT NOT NULL,
  reason TEXT NOT NULL
);

CREATE TABLE org (
  id        TEXT COLLATE "C" PRIMARY KEY,
  parent_id TEXT COLLATE "C" REFERENCES org(id),
  kind      TEXT NOT NULL,
  name      TEXT NOT NULL,
  code      TEXT COLLATE "C" NOT NULL,
  path      TEXT COLLATE "C" NOT NULL UNIQUE,
  depth     BIGINT NOT NULL
);
CREATE INDEX org_parent ON org(parent_id, kind, code);

CREATE TABLE school (
  id                   TEXT COLLATE "C" PRIMARY KEY REFERENCES org(id),
  parent_id            TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  code                 TEXT COLLATE "C" NOT NULL UNIQUE,
  name                 TEXT NOT NULL,
  type                 TEXT NOT NULL,
  ownership            TEXT NOT NULL,
  location_class       TEXT NOT NULL,
  boarding             BIGINT NOT NULL,
  student_count        BIGINT NOT NULL,
  address              TEXT NOT NULL,
  latitude             TEXT NOT NULL,
  longitude            TEXT NOT NULL,
  principal_name       TEXT NOT NULL,
  principal_phone      TEXT NOT NULL,
  safety_officer_name  TEXT NOT NULL,
  safety_officer_phone TEXT NOT NULL,
  name_pinyin          TEXT COLLATE "C" NOT NULL,
  name_initials        TEXT COLLATE "C" NOT NULL,
  path                 TEXT COLLATE "C" NOT NULL,
  version              BIGINT NOT NULL
);
CREATE INDEX school_path ON school(path);

CREATE TABLE app_user (
  id           TEXT COLLATE "C" PRIMARY KEY,
  username     TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL,
  scope_org_id TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  organization TEXT NOT NULL,
  disabled     BIGINT NOT NULL,
  password_fp  TEXT NOT NULL,
  version      BIGINT NOT NULL
);

CREATE TABLE api_token (
  id           TEXT COLLATE "C" PRIMARY KEY,
  user_id      TEXT COLLATE "C" NOT NULL REFERENCES app_user(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  revoked      BIGINT NOT NULL
);

CREATE TABLE credential (
  user_id       TEXT COLLATE "C" PRIMARY KEY REFERENCES app_user(id),
  password_hash TEXT NOT NULL
);
CREATE TABLE session (
  token_sha256 TEXT PRIMARY KEY,
  user_id      TEXT COLLATE "C" NOT NULL REFERENCES app_user(id),
  csrf_token   TEXT NOT NULL,
  created_ms   BIGINT NOT NULL,
  expires_ms   BIGINT NOT NULL
);
