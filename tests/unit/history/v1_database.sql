-- A history database as checker wrote it at schema version 1 (before the report archive),
-- kept as it was so that the migration test opens a real v1 file: never regenerate it from the
-- current schema.
PRAGMA application_id = 1128811336;
PRAGMA user_version = 1;
BEGIN;
CREATE TABLE audits (
  id INTEGER PRIMARY KEY,
  audit_id TEXT NOT NULL UNIQUE,  -- SHA-256 of report.json
  vendor_id TEXT NOT NULL,
  vendor_name TEXT NOT NULL,
  service_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  manifest_path TEXT NOT NULL,
  manifest_format TEXT NOT NULL,
  manifest_sha256 TEXT NOT NULL,
  evidence_sha256 TEXT NOT NULL,  -- '' unless probed live
  tool_version TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  audit_date TEXT NOT NULL,
  probe_mode TEXT NOT NULL,
  decision TEXT NOT NULL
    CHECK (decision IN ('certified', 'conditional', 'incomplete', 'not_certified')),
  grade TEXT NOT NULL CHECK (grade IN ('A+', 'A', 'B', 'C', 'D', 'F')),
  score REAL NOT NULL,
  rules_total INTEGER NOT NULL,
  n_pass INTEGER NOT NULL,
  n_fail INTEGER NOT NULL,
  n_missing_evidence INTEGER NOT NULL,
  n_error INTEGER NOT NULL,
  n_manual INTEGER NOT NULL,
  n_legal_review INTEGER NOT NULL,
  n_waived INTEGER NOT NULL,
  n_not_applicable INTEGER NOT NULL,
  failing_must INTEGER NOT NULL,
  report_path TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX audits_by_vendor ON audits (vendor_id, generated_at, audit_id);
CREATE TABLE audit_categories (
  audit INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (audit, category)
) WITHOUT ROWID;
CREATE TABLE audit_packs (
  audit INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  pack_id TEXT NOT NULL,
  version TEXT NOT NULL,
  edition TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (audit, pack_id)
) WITHOUT ROWID;
CREATE TABLE audit_reviews (
  audit INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (audit, position)
) WITHOUT ROWID;
CREATE TABLE rule_outcomes (
  audit INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL,
  pack_id TEXT NOT NULL,
  level TEXT NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (audit, rule_id)
) WITHOUT ROWID;

INSERT INTO audits VALUES (1,
  '1111111111111111111111111111111111111111111111111111111111111111', 'legacy', 'Legacy PHR',
  'legacy', 'starter', 'legacy/manifest.yaml', 'yaml',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '', '0.1.0',
  '2025-10-01T09:00:00Z', '2025-10-01', 'offline', 'certified', 'A', 93.5,
  2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 'out/legacy/report.json', '2025-10-01T09:00:05Z');
INSERT INTO audits VALUES (2,
  '2222222222222222222222222222222222222222222222222222222222222222', 'legacy', 'Legacy PHR',
  'legacy', 'starter', 'legacy/manifest.yaml', 'yaml',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '', '0.1.0',
  '2026-01-01T09:00:00Z', '2026-01-01', 'offline', 'not_certified', 'C', 61.0,
  2, 1, 1, 0, 0, 0, 0, 0, 0, 1, 'out/legacy/report.json', '2026-01-01T09:00:05Z');
INSERT INTO audit_categories VALUES (1, 'security', 93.5), (2, 'security', 61.0);
INSERT INTO audit_packs VALUES
  (1, 'mhlw6', '1.0', '6.0', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'),
  (2, 'mhlw6', '1.0', '6.0', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
INSERT INTO rule_outcomes VALUES
  (1, 'mhlw6.auth.mfa', 'mhlw6', 'must', 'pass'), (1, 'mhlw6.log.retention', 'mhlw6', 'must', 'pass'),
  (2, 'mhlw6.auth.mfa', 'mhlw6', 'must', 'fail'), (2, 'mhlw6.log.retention', 'mhlw6', 'must', 'pass');
COMMIT;
