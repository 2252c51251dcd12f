-- Data management: datasets, their samples and labels, versions, import/export tasks, labeling tasks.
-- Wire objects are assembled from these rows; JSON columns hold what is only ever read whole.
CREATE TABLE datasets (
  id                TEXT PRIMARY KEY,
  project_id        TEXT NOT NULL,
  domain_id         TEXT NOT NULL,
  name              TEXT NOT NULL,
  description       TEXT NOT NULL,
  dataset_type      INTEGER NOT NULL,
  data_type         TEXT NOT NULL,
  data_format       TEXT NOT NULL,
  status            INTEGER NOT NULL,
  create_time       INTEGER NOT NULL,
  update_time       INTEGER NOT NULL,
  data_update_time  INTEGER NOT NULL,
  -- [DataSource] as accepted.
  data_sources      TEXT NOT NULL,
  -- /bucket/dir/ (always with a trailing slash).
  work_path         TEXT NOT NULL,
  labels            TEXT NOT NULL DEFAULT '[]',
  schema            TEXT,
  import_data       INTEGER NOT NULL DEFAULT 0,
  managed           INTEGER NOT NULL DEFAULT 0,
  workspace_id      TEXT NOT NULL,
  current_version_id TEXT,
  next_version_num  INTEGER NOT NULL DEFAULT 1,
  import_task_id    TEXT,
  UNIQUE (project_id, name)
);
CREATE INDEX datasets_by_project ON datasets(project_id, create_time);

CREATE TABLE dataset_samples (
  dataset_id    TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  -- obs://bucket/key of the file, or content://<text> for a text line.
  source        TEXT NOT NULL,
  name          TEXT NOT NULL,
  sample_type   INTEGER NOT NULL,
  sample_time   INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  dir           TEXT NOT NULL,
  -- [SampleLabel]: empty when unlabelled.
  labels        TEXT NOT NULL DEFAULT '[]',
  labelled      INTEGER NOT NULL DEFAULT 0,
  metadata      TEXT NOT NULL DEFAULT '{}',
  usage         TEXT,
  -- Text of a text sample (one line of a file).
  data          TEXT,
  import_error  TEXT,
  PRIMARY KEY (dataset_id, id)
);
CREATE INDEX dataset_samples_by_time ON dataset_samples(dataset_id, sample_time, id);
CREATE INDEX dataset_samples_by_state ON dataset_samples(dataset_id, labelled, sample_time, id);

-- One row per (sample, label name): the sample-list label filter is an index lookup.
CREATE TABLE dataset_sample_labels (
  dataset_id  TEXT NOT NULL,
  sample_id   TEXT NOT NULL,
  name        TEXT NOT NULL,
  type        INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, name, sample_id),
  FOREIGN KEY (dataset_id, sample_id) REFERENCES dataset_samples(dataset_id, id) ON DELETE CASCADE
);
CREATE INDEX dataset_sample_labels_by_sample ON dataset_sample_labels(dataset_id, sample_id);

CREATE TABLE dataset_versions (
  id            TEXT PRIMARY KEY,
  dataset_id    TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  create_time   INTEGER NOT NULL,
  -- The wire object (DatasetVersion) as published.
  body          TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);

-- Import and export tasks.
CREATE TABLE dataset_tasks (
  id            TEXT PRIMARY KEY,
  dataset_id    TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('import', 'export')),
  status        TEXT NOT NULL,
  create_time   INTEGER NOT NULL,
  -- The wire object (ImportTask / ExportTask), updated as the task runs.
  body          TEXT NOT NULL
);
CREATE INDEX dataset_tasks_by_dataset ON dataset_tasks(dataset_id, kind, create_time);

CREATE TABLE dataset_label_tasks (
  id            TEXT PRIMARY KEY,
  dataset_id    TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  create_time   INTEGER NOT NULL,
  body          TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);
