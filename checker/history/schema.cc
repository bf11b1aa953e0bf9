#include "history/schema.h"

#include "checker/history.h"

namespace checker::history {

namespace {

// Append-only: a released step is never edited, a new one is added at the end (issue 14's
// certificate tables will be step 3). Each runs inside the migration's transaction.
constexpr const char* kMigrations[] = {
    // 1: audits, their inputs and per-rule outcomes.
    R"SQL(
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
)SQL",
    // 2: the archive of reports and manifests (zlib), shared by hash, so that `checker diff`
    // compares recorded audits and a later edition of the packs can re-decide them.
    R"SQL(
CREATE TABLE archive (
  sha256 TEXT PRIMARY KEY,  -- of the uncompressed bytes
  kind TEXT NOT NULL CHECK (kind IN ('report', 'manifest')),
  size INTEGER NOT NULL,    -- uncompressed
  zlib BLOB NOT NULL
);
)SQL",
    // 3: the certificate log (docs/certificates.md): every certificate event, in the order
    // recorded, as the canonical JSON line the transparency log publishes. Append-only: the
    // triggers refuse an update or a delete, so the database cannot rewrite what it published.
    R"SQL(
CREATE TABLE certificate_events (
  seq INTEGER PRIMARY KEY,
  certificate_id TEXT NOT NULL,
  entry TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX certificate_events_by_id ON certificate_events (certificate_id, seq);
CREATE TRIGGER certificate_events_no_update BEFORE UPDATE ON certificate_events
  BEGIN SELECT RAISE(ABORT, 'the certificate log is append-only'); END;
CREATE TRIGGER certificate_events_no_delete BEFORE DELETE ON certificate_events
  BEGIN SELECT RAISE(ABORT, 'the certificate log is append-only'); END;
)SQL",
};
static_assert(std::size(kMigrations) == kHistorySchemaVersion);

bool Newer(int version, std::string* problem) {
  if (version <= kHistorySchemaVersion) return false;
  *problem = "has history schema version " + std::to_string(version) +
             ", newer than this checker reads (" + std::to_string(kHistorySchemaVersion) +
             "): use a newer checker; the file was left unchanged";
  return true;
}

}  // namespace

bool Migrate(Connection& db, int* found_version, std::string* problem) {
  auto check = [&]() {
    int64_t app = db.QueryInt("PRAGMA application_id");
    int version = static_cast<int>(db.QueryInt("PRAGMA user_version"));
    *found_version = version;
    if (app != kApplicationId &&
        (app != 0 || version != 0 || db.QueryInt("SELECT count(*) FROM sqlite_schema") != 0)) {
      *problem = "is a SQLite database, but not a checker history database (it has other tables)";
      return false;
    }
    return !Newer(version, problem);
  };
  if (!check()) return false;
  if (*found_version == kHistorySchemaVersion) return true;
  if (sqlite3_db_readonly(db.get(), "main") == 1) {
    *problem = "has history schema version " + std::to_string(*found_version) +
               " and needs migrating to " + std::to_string(kHistorySchemaVersion) +
               ", but cannot be written";
    return false;
  }
  Transaction transaction(db);
  if (!check()) return false;  // another process may have migrated it meanwhile
  for (int v = *found_version; v < kHistorySchemaVersion; ++v) db.Exec(kMigrations[v]);
  db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.Exec("PRAGMA user_version = " + std::to_string(kHistorySchemaVersion));
  transaction.Commit();
  return true;
}

}  // namespace checker::history
