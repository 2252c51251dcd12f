-- Models (AI applications) and services, v1 API. Wire-only fields are kept as JSON; what lists filter,
-- sort and reconcile on are columns.
CREATE TABLE models (
  id               TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL,
  domain_id        TEXT NOT NULL,
  owner            TEXT NOT NULL,
  name             TEXT NOT NULL,
  version          TEXT NOT NULL,
  -- Version as a sortable number (major * 10000 + minor * 100 + patch).
  version_rank     INTEGER NOT NULL,
  model_type       TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('publishing', 'published', 'failed', 'building', 'building_failed')),
  description      TEXT NOT NULL,
  size             INTEGER NOT NULL DEFAULT 0,
  create_at        INTEGER NOT NULL,
  workspace_id     TEXT NOT NULL,
  -- The detail fields as accepted (source_location, runtime, apis, config, dependencies, ...).
  definition       TEXT NOT NULL,
  error_msg        TEXT NOT NULL DEFAULT '',
  UNIQUE (project_id, name, version)
);
CREATE INDEX models_by_project ON models(project_id, create_at, id);

CREATE TABLE services (
  id               TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL,
  domain_id        TEXT NOT NULL,
  owner            TEXT NOT NULL,
  name             TEXT NOT NULL,
  description      TEXT NOT NULL,
  infer_type       TEXT NOT NULL,
  workspace_id     TEXT NOT NULL,
  status           TEXT NOT NULL,
  -- What the service should be doing: 'running' (real-time serving or a batch to finish), 'stopped', 'deleted'.
  desired          TEXT NOT NULL,
  progress         INTEGER NOT NULL DEFAULT 0,
  error_msg        TEXT NOT NULL DEFAULT '',
  publish_at       INTEGER NOT NULL,
  update_time      INTEGER NOT NULL,
  transition_at    INTEGER NOT NULL,
  operation_time   INTEGER NOT NULL,
  -- Auto-stop instant (ms), 0 when there is none.
  due_time         INTEGER NOT NULL DEFAULT 0,
  start_time       INTEGER NOT NULL DEFAULT 0,
  finished_time    INTEGER NOT NULL DEFAULT 0,
  invocation_times INTEGER NOT NULL DEFAULT 0,
  failed_times     INTEGER NOT NULL DEFAULT 0,
  -- {config: [...], schedule, additional_properties, ...} as accepted.
  definition       TEXT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX services_by_project ON services(project_id, publish_at, id);

-- Which models a service deploys (a model in use cannot be deleted), with per-model counters.
CREATE TABLE service_models (
  service_id       TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  model_id         TEXT NOT NULL,
  invocation_times INTEGER NOT NULL DEFAULT 0,
  failed_times     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, model_id)
) WITHOUT ROWID;
CREATE INDEX service_models_by_model ON service_models(model_id);

CREATE TABLE service_events (
  service_id  TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  occur_time  INTEGER NOT NULL,
  event_type  TEXT NOT NULL CHECK (event_type IN ('normal', 'abnormal')),
  event_info  TEXT NOT NULL,
  PRIMARY KEY (service_id, seq)
) WITHOUT ROWID;

-- The update history (`logs`): one row per deployment, config change, start or stop.
CREATE TABLE service_updates (
  service_id  TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  result      TEXT NOT NULL CHECK (result IN ('SUCCESS', 'FAIL', 'RUNNING')),
  config      TEXT NOT NULL,
  PRIMARY KEY (service_id, seq)
) WITHOUT ROWID;
