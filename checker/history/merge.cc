// Merging shard databases (one per fleet shard) into this one, audits unique by audit id.

#include <filesystem>

#include "checker/history.h"

#include "history/impl.h"

namespace checker {

namespace {

constexpr const char* kCopiedColumns =
    "audit_id, vendor_id, vendor_name, service_id, profile_id, manifest_path, manifest_format, "
    "manifest_sha256, evidence_sha256, tool_version, generated_at, audit_date, probe_mode, "
    "decision, grade, score, rules_total, n_pass, n_fail, n_missing_evidence, n_error, n_manual, "
    "n_legal_review, n_waived, n_not_applicable, failing_must, report_path, recorded_at";

// Copies `columns` of a per-audit table for the audits new in main (id > `last_old`), with the
// shard's audit ids mapped to main's.
void CopyDetails(history::Connection& db, const std::string& table, const std::string& columns,
                 int64_t last_old) {
  std::string select;
  for (size_t start = 0; start < columns.size();) {
    size_t comma = columns.find(',', start);
    std::string column = columns.substr(start, comma - start);
    while (!column.empty() && column.front() == ' ') column.erase(0, 1);
    select += ", d." + column;
    start = comma == std::string::npos ? columns.size() : comma + 1;
  }
  history::Statement copy(db, "INSERT INTO main." + table + " SELECT m.id" + select +
                                  " FROM shard." + table +
                                  " d JOIN shard.audits s ON s.id = d.audit JOIN main.audits m "
                                  "ON m.audit_id = s.audit_id WHERE m.id > ?");
  copy.Bind(1, last_old).Run();
}

}  // namespace

std::optional<MergeResult> HistoryDb::Merge(const std::vector<std::string>& shard_dbs,
                                            std::string* error) {
  MergeResult total;
  for (const auto& shard : shard_dbs) {
    std::error_code ec;
    if (std::filesystem::equivalent(shard, impl_->path, ec)) {
      *error = shard + ": is the database being merged into";
      return std::nullopt;
    }
    // Opening it checks that it is a history database and migrates an older one.
    HistoryOptions shard_options = impl_->options;
    shard_options.create = false;
    if (!Open(shard, shard_options, error)) return std::nullopt;
    auto merged = impl_->Guarded(error, [&]() {
      history::Connection& db = impl_->db;
      history::Statement attach(db, "ATTACH DATABASE ? AS shard");
      attach.Bind(1, shard).Run();
      struct Detach {
        history::Connection& db;
        ~Detach() { sqlite3_exec(db.get(), "DETACH DATABASE shard", nullptr, nullptr, nullptr); }
      } detach{db};
      MergeResult result;
      history::Transaction transaction(db);
      int64_t last_old = db.QueryInt("SELECT coalesce(max(id), 0) FROM main.audits");
      int64_t before = db.QueryInt("SELECT count(*) FROM main.audits");
      db.Exec(std::string("INSERT INTO main.audits (") + kCopiedColumns + ") SELECT " +
              kCopiedColumns +
              " FROM shard.audits WHERE audit_id NOT IN (SELECT audit_id FROM main.audits) "
              "ORDER BY generated_at, audit_id");
      int64_t added = db.QueryInt("SELECT count(*) FROM main.audits") - before;
      CopyDetails(db, "audit_categories", "category, score", last_old);
      CopyDetails(db, "audit_packs", "pack_id, version, edition, sha256", last_old);
      CopyDetails(db, "audit_reviews", "position, kind, path, sha256", last_old);
      CopyDetails(db, "rule_outcomes", "rule_id, pack_id, level, outcome", last_old);
      db.Exec("INSERT OR IGNORE INTO main.archive SELECT * FROM shard.archive");
      transaction.Commit();
      result.audits_added = static_cast<uint32_t>(added);
      result.audits_already_present =
          static_cast<uint32_t>(db.QueryInt("SELECT count(*) FROM shard.audits") - added);
      return result;
    });
    if (!merged) {
      *error = shard + " into " + *error;
      return std::nullopt;
    }
    total.audits_added += merged->audits_added;
    total.audits_already_present += merged->audits_already_present;
  }
  return total;
}

}  // namespace checker
