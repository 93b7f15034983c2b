-- Anxiao schema v10 (postgres): level reports (逐级上报; issue #7 item 3; domain/level_report.hpp,
-- docs/level-reports.md). Same tables and columns on both engines; projection tables have exactly
-- the columns of domain::ProjectionTables(). (Version 9 is reserved.)

-- Each org's Ed25519 public key, as journaled by org.signing_key_published (no rotation).
CREATE TABLE org_signing_key (
  id            TEXT COLLATE "C" PRIMARY KEY REFERENCES org(id),
  algorithm     TEXT NOT NULL,
  public_key    TEXT NOT NULL,
  published_at  TEXT NOT NULL,
  published_seq BIGINT NOT NULL
);
-- The secret key that goes with it: NOT journaled and never read by the API (like draw_secret);
-- created on an org's first report. libsodium's 64-byte secret key as 128 hex digits.
CREATE TABLE org_signing_secret (
  org_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES org(id),
  secret_key TEXT NOT NULL
);
-- Reports with their frozen body (canonical JSON), its SHA-256, the signature and the checkpoint.
CREATE TABLE level_report (
  id                 TEXT COLLATE "C" PRIMARY KEY,
  org_id             TEXT COLLATE "C" NOT NULL REFERENCES org(id),
  org_path           TEXT COLLATE "C" NOT NULL,
  org_kind           TEXT NOT NULL,
  supervising_org_id TEXT COLLATE "C" NOT NULL,
  campaign_id        TEXT COLLATE "C" NOT NULL REFERENCES campaign(id),
  period_end         TEXT COLLATE "C" NOT NULL,
  state              TEXT NOT NULL,
  supersedes         TEXT COLLATE "C" NOT NULL,
  body               TEXT NOT NULL,
  sha256             TEXT NOT NULL,
  signature          TEXT NOT NULL,
  public_key         TEXT NOT NULL,
  checkpoint_seq     BIGINT NOT NULL,
  checkpoint_hash    TEXT NOT NULL,
  prepared_by        TEXT NOT NULL,
  prepared_at        TEXT NOT NULL,
  prepared_seq       BIGINT NOT NULL,
  approved_by        TEXT NOT NULL,
  approved_at        TEXT NOT NULL,
  submitted_at       TEXT NOT NULL,
  decided_by         TEXT NOT NULL,
  decided_at         TEXT NOT NULL,
  return_reason      TEXT NOT NULL,
  version            BIGINT NOT NULL
);
CREATE INDEX level_report_org ON level_report(org_path, prepared_seq);
CREATE INDEX level_report_supervising ON level_report(supervising_org_id, prepared_seq);
-- The latest report of each org + campaign + period end ("<org>|<campaign>|<period end>") and
-- whether it is live (awaiting approval, submitted or accepted): at most one live report each.
CREATE TABLE level_report_slot (
  id        TEXT COLLATE "C" PRIMARY KEY,
  report_id TEXT COLLATE "C" NOT NULL REFERENCES level_report(id),
  live      BIGINT NOT NULL
);
