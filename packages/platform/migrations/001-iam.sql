-- IAM: accounts (domains), users, projects, access keys and issued tokens.
CREATE TABLE domains (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  domain_id      TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE projects (
  id           TEXT PRIMARY KEY,
  domain_id    TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

-- The secret is kept in clear: HMAC verification needs it (the cloud's gateway does the same).
CREATE TABLE access_keys (
  access_key  TEXT PRIMARY KEY,
  secret_key  TEXT NOT NULL,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL
);

-- Only a hash of each token is stored.
CREATE TABLE tokens (
  token_hash  TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id  TEXT REFERENCES projects(id) ON DELETE CASCADE,
  issued_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_at);
