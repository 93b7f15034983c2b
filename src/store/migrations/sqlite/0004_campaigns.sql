-- Anxiao schema v4 (SQLite): campaigns, teams, versioned checklists and inspections
-- (domain/campaign.hpp, checklist.hpp, inspection.hpp), and the campaign, inspection and item a
-- hazard came from. Same tables and columns as postgres/0004_campaigns.sql; projection tables have
-- exactly the columns of domain::ProjectionTables(); unset text is ''.

ALTER TABLE hazard ADD COLUMN campaign_id TEXT NOT NULL DEFAULT '';
ALTER TABLE hazard ADD COLUMN inspection_id TEXT NOT NULL DEFAULT '';
ALTER TABLE hazard ADD COLUMN item_code TEXT NOT NULL DEFAULT '';

CREATE TABLE campaign (
  id           TEXT PRIMARY KEY,
  owner_org_id TEXT NOT NULL REFERENCES org(id),
  owner_path   TEXT NOT NULL,
  scope_org_id TEXT NOT NULL REFERENCES org(id),
  scope_path   TEXT NOT NULL,
  name         TEXT NOT NULL,
  start_date   TEXT NOT NULL,
  end_date     TEXT NOT NULL,
  modes        TEXT NOT NULL,
  checklists   TEXT NOT NULL,
  state        TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  closed_by    TEXT NOT NULL,
  closed_at    TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL
);
CREATE TABLE team (
  id            TEXT PRIMARY KEY,
  campaign_id   TEXT NOT NULL REFERENCES campaign(id),
  org_id        TEXT NOT NULL REFERENCES org(id),
  org_path      TEXT NOT NULL,
  level         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL,
  leader_name   TEXT NOT NULL,
  leader_rank   TEXT NOT NULL,
  members       TEXT NOT NULL,
  experts       TEXT NOT NULL,
  target_org_id TEXT NOT NULL,
  schools       TEXT NOT NULL,
  start_date    TEXT NOT NULL,
  end_date      TEXT NOT NULL,
  rounds        INTEGER NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  version       INTEGER NOT NULL
);
CREATE TABLE checklist_template (
  id              TEXT PRIMARY KEY,
  owner_org_id    TEXT NOT NULL REFERENCES org(id),
  owner_path      TEXT NOT NULL,
  name            TEXT NOT NULL,
  category        TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  copied_from     TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  version         INTEGER NOT NULL
);
CREATE TABLE checklist_version (
  id          TEXT PRIMARY KEY,
  template_id TEXT NOT NULL REFERENCES checklist_template(id),
  number      INTEGER NOT NULL,
  items       TEXT NOT NULL,
  note        TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE inspection (
  id                TEXT PRIMARY KEY,
  campaign_id       TEXT NOT NULL,
  team_id           TEXT NOT NULL,
  school_id         TEXT NOT NULL REFERENCES school(id),
  school_path       TEXT NOT NULL,
  county_path       TEXT NOT NULL,
  inspecting_org_id TEXT NOT NULL REFERENCES org(id),
  inspecting_path   TEXT NOT NULL,
  source            TEXT NOT NULL,
  external_body     TEXT NOT NULL,
  template_id       TEXT NOT NULL REFERENCES checklist_template(id),
  template_version  INTEGER NOT NULL,
  unannounced       INTEGER NOT NULL,
  self_inspection   INTEGER NOT NULL,
  state             TEXT NOT NULL,
  planned_date      TEXT NOT NULL,
  due_date          TEXT NOT NULL,
  round             INTEGER NOT NULL,
  inspectors        TEXT NOT NULL,
  previous_id       TEXT NOT NULL,
  checked_in_at     TEXT NOT NULL,
  checked_in_by     TEXT NOT NULL,
  latitude          TEXT NOT NULL,
  longitude         TEXT NOT NULL,
  feedback          TEXT NOT NULL,
  signatures        TEXT NOT NULL,
  submitted_at      TEXT NOT NULL,
  submitted_by      TEXT NOT NULL,
  amend_count       INTEGER NOT NULL,
  last_amend_reason TEXT NOT NULL,
  reminded_count    INTEGER NOT NULL,
  last_reminded_at  TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL
);
CREATE TABLE inspection_item (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL REFERENCES inspection(id),
  code          TEXT NOT NULL,
  result        TEXT NOT NULL,
  note          TEXT NOT NULL,
  photos        TEXT NOT NULL,
  hazard_id     TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  version       INTEGER NOT NULL
);

CREATE INDEX campaign_owner ON campaign(owner_path);
CREATE INDEX team_campaign ON team(campaign_id, level, kind);
CREATE INDEX team_org ON team(org_path);
CREATE INDEX checklist_version_template ON checklist_version(template_id, number);
-- Lists per campaign and school, the visibility rule (inspecting path, school path) and progress.
CREATE INDEX inspection_campaign ON inspection(campaign_id, state);
CREATE INDEX inspection_school ON inspection(school_id, planned_date);
CREATE INDEX inspection_school_path ON inspection(school_path);
CREATE INDEX inspection_inspecting_path ON inspection(inspecting_path);
CREATE INDEX inspection_team ON inspection(team_id);
CREATE INDEX inspection_item_inspection ON inspection_item(inspection_id, code);
CREATE INDEX hazard_inspection ON hazard(inspection_id);
CREATE INDEX hazard_campaign ON hazard(campaign_id, state, deadline);
