-- ModelArts agency authorizations, per project and user.
CREATE TABLE authorizations (
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL,
  user_name    TEXT NOT NULL,
  type         TEXT NOT NULL CHECK (type IN ('agency', 'credential')),
  content      TEXT NOT NULL,
  create_time  INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
