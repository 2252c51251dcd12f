-- Training jobs (the v2 training-job API): the request as normalized JSON,
-- the state in columns so that search, scheduling and reconciliation are plain queries.
CREATE TABLE training_jobs (
  id               TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL,
  domain_id        TEXT NOT NULL,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  workspace_id     TEXT NOT NULL,
  description      TEXT NOT NULL,
  user_name        TEXT NOT NULL,
  create_time      INTEGER NOT NULL,
  phase            TEXT NOT NULL,
  secondary_phase  TEXT NOT NULL,
  start_time       INTEGER NOT NULL DEFAULT 0,
  end_time         INTEGER NOT NULL DEFAULT 0,
  flavor_id        TEXT NOT NULL,
  node_count       INTEGER NOT NULL,
  -- Cores the scheduler reserves for the job while it runs.
  cpu_demand       INTEGER NOT NULL,
  -- Admission order (FIFO).
  queue_seq        INTEGER NOT NULL,
  -- {metadata, algorithm, spec} as accepted, with the server-filled fields.
  definition       TEXT NOT NULL,
  task_statuses    TEXT NOT NULL DEFAULT '[]',
  -- [{task, pid, startTicks}]: what identifies the workers after a platform restart.
  processes        TEXT NOT NULL DEFAULT '[]',
  -- {task: {cpuUsage: [], memUsage: []}} once the job ended.
  metrics          TEXT NOT NULL DEFAULT '{}',
  -- Set by DELETE; the row goes once the processes are stopped and the folder removed.
  deleting         INTEGER NOT NULL DEFAULT 0,
  UNIQUE (project_id, name)
);
CREATE INDEX training_jobs_by_project ON training_jobs(project_id, create_time, id);
CREATE INDEX training_jobs_by_phase ON training_jobs(phase, queue_seq);

CREATE TABLE training_job_events (
  job_id   TEXT NOT NULL REFERENCES training_jobs(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  time     INTEGER NOT NULL,
  level    TEXT NOT NULL CHECK (level IN ('Info', 'Warning', 'Error')),
  source   TEXT NOT NULL,
  message  TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
