-- Lite Servers (DevServer API): servers and supernodes per project. No machine exists behind a row.
-- A running operation is (next_status, due_at): the status the row reaches at due_at (epoch ms), so a
-- transition in flight when the platform stops completes after it starts again.
CREATE TABLE lite_hyperinstances (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL,
  owner           TEXT NOT NULL,
  hps_id          TEXT NOT NULL,
  hps_cluster_id  TEXT NOT NULL,
  name            TEXT NOT NULL,
  order_id        TEXT,
  charging_mode   TEXT NOT NULL,
  status          TEXT NOT NULL,
  next_status     TEXT,
  due_at          INTEGER,
  create_at       INTEGER NOT NULL,
  update_at       INTEGER NOT NULL
);
CREATE INDEX lite_hyperinstances_by_project ON lite_hyperinstances(project_id, create_at, id);
CREATE INDEX lite_hyperinstances_due ON lite_hyperinstances(due_at) WHERE due_at IS NOT NULL;

CREATE TABLE lite_hps_tags (
  hps_id  TEXT NOT NULL REFERENCES lite_hyperinstances(id) ON DELETE CASCADE,
  key     TEXT NOT NULL,
  value   TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (hps_id, key)
) WITHOUT ROWID;

CREATE TABLE lite_servers (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL,
  owner           TEXT NOT NULL,
  name            TEXT NOT NULL,
  flavor          TEXT NOT NULL,
  charging_mode   TEXT NOT NULL,
  -- The supernode this server is a node of.
  hps_id          TEXT REFERENCES lite_hyperinstances(id),
  status          TEXT NOT NULL,
  next_status     TEXT,
  due_at          INTEGER,
  -- Fields merged into spec when the running operation succeeds (e.g. the new image of changeos).
  on_success      TEXT,
  -- {image_id, key_pair_name, network, arch, server_type, category, order_id, volumes, public_ips, private_ip, ...}
  spec            TEXT NOT NULL,
  create_at       INTEGER NOT NULL,
  update_at       INTEGER NOT NULL
);
CREATE INDEX lite_servers_by_project ON lite_servers(project_id, create_at, id);
CREATE INDEX lite_servers_by_hps ON lite_servers(hps_id);
CREATE INDEX lite_servers_due ON lite_servers(due_at) WHERE due_at IS NOT NULL;

-- Asynchronous disk operations: pending until running_at, running until due_at, then outcome.
CREATE TABLE lite_operations (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL,
  server_id   TEXT NOT NULL REFERENCES lite_servers(id),
  type        TEXT NOT NULL,
  volume_id   TEXT NOT NULL,
  status      TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'failed')),
  running_at  INTEGER NOT NULL,
  due_at      INTEGER NOT NULL,
  error       TEXT,
  create_at   INTEGER NOT NULL
);
CREATE INDEX lite_operations_open ON lite_operations(due_at) WHERE status IN ('pending', 'running');
