-- The samples each published version holds (the lines of its manifest), so a version's sample list is exact:
-- samples added, failed or deleted after publishing do not change it.
CREATE TABLE dataset_version_samples (
  version_id  TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
  sample_id   TEXT NOT NULL,
  PRIMARY KEY (version_id, sample_id)
);

-- Versions published before this table existed: the samples that existed when they were created.
INSERT INTO dataset_version_samples (version_id, sample_id)
  SELECT v.id, s.id FROM dataset_versions v
  JOIN dataset_samples s ON s.dataset_id = v.dataset_id AND s.sample_time <= v.create_time AND s.import_error IS NULL;
