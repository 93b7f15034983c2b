-- Rectification notices (整改通知书) as issued (projection of notice.issued; src/report/pdf/notice.hpp,
-- src/app/documents.hpp). The id is the notice's verification code, printed in its QR code; content
-- is the notice's canonical JSON, from which the code is the SHA-256 prefix. serial numbers the
-- notices of one issuing bureau in one year (东教安改〔2026〕23号).
CREATE TABLE rectification_notice (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL,
  school_id     TEXT NOT NULL,
  bureau_org_id TEXT NOT NULL,
  year          INTEGER NOT NULL,
  serial        INTEGER NOT NULL,
  number        TEXT NOT NULL,
  issued_on     TEXT NOT NULL,
  content       TEXT NOT NULL,
  issued_by     TEXT NOT NULL,
  issued_at     TEXT NOT NULL,
  issued_seq    INTEGER NOT NULL
);
CREATE INDEX rectification_notice_inspection ON rectification_notice(inspection_id, issued_seq);
CREATE INDEX rectification_notice_serial ON rectification_notice(bureau_org_id, year, serial);

-- Hazard statistics per org node and campaign (projection of every hazard change; see
-- src/domain/hazard_stat.hpp): "<node id>|<campaign id>|<key>" → n, non-zero sums only. The
-- five-knowns figures read a node's counters as one primary-key range. Filled from the existing
-- hazard rows by the store right after this migration (SqlStore::RebuildHazardStats), with the
-- same C++ function the projection uses.
CREATE TABLE hazard_stat (
  id TEXT PRIMARY KEY,
  n  INTEGER NOT NULL
);
