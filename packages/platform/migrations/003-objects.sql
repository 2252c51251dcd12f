-- Object storage index: buckets, objects, multipart uploads and their parts.
-- Bytes live in blob files named by random id under <dataDir>/objects/; keys never become paths.

-- Bucket names are global, as in S3/OBS; each belongs to one account (domain) and one of its projects.
CREATE TABLE buckets (
  name        TEXT PRIMARY KEY,
  domain_id   TEXT NOT NULL,
  project_id  TEXT NOT NULL,
  region      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX buckets_by_domain ON buckets(domain_id, name);

-- Keys are stored as UTF-8 BLOBs: SQLite compares BLOBs with memcmp, which is S3's listing order.
-- A single-part object names its blob in blob_id; a multipart object has blob_id NULL and its
-- blobs in object_segments under its version id.
CREATE TABLE objects (
  bucket         TEXT NOT NULL REFERENCES buckets(name),
  key            BLOB NOT NULL,
  version        TEXT NOT NULL,
  size           INTEGER NOT NULL,
  etag           TEXT NOT NULL,
  last_modified  INTEGER NOT NULL,
  content_type   TEXT,
  headers        TEXT NOT NULL DEFAULT '{}',
  metadata       TEXT NOT NULL DEFAULT '{}',
  blob_id        TEXT,
  parts_count    INTEGER,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;

CREATE TABLE object_segments (
  version  TEXT NOT NULL,
  seq      INTEGER NOT NULL,
  blob_id  TEXT NOT NULL,
  size     INTEGER NOT NULL,
  PRIMARY KEY (version, seq)
) WITHOUT ROWID;

-- A completed upload is kept (state 'completed', its parts gone) so a repeated Complete answers the same result.
CREATE TABLE uploads (
  upload_id     TEXT PRIMARY KEY,
  bucket        TEXT NOT NULL REFERENCES buckets(name),
  key           BLOB NOT NULL,
  domain_id     TEXT NOT NULL,
  initiated     INTEGER NOT NULL,
  content_type  TEXT,
  headers       TEXT NOT NULL DEFAULT '{}',
  metadata      TEXT NOT NULL DEFAULT '{}',
  state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed')),
  result_etag   TEXT,
  result_size   INTEGER,
  completed_at  INTEGER
);
CREATE INDEX uploads_by_key ON uploads(bucket, key, upload_id);

CREATE TABLE upload_parts (
  upload_id      TEXT NOT NULL REFERENCES uploads(upload_id) ON DELETE CASCADE,
  part_number    INTEGER NOT NULL,
  size           INTEGER NOT NULL,
  etag           TEXT NOT NULL,
  blob_id        TEXT NOT NULL,
  last_modified  INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
