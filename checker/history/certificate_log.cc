// The certificate log's rows (history.h): read in order, appended under the write lock.

#include "checker/history.h"

#include "history/impl.h"

namespace checker {

namespace {

std::vector<CertificateLogEntry> ReadLog(history::Connection& db) {
  std::vector<CertificateLogEntry> log;
  history::Statement s(db,
                       "SELECT seq, certificate_id, entry, recorded_at FROM certificate_events "
                       "ORDER BY seq");
  while (s.Step()) log.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
  return log;
}

}  // namespace

std::optional<std::vector<CertificateLogEntry>> HistoryDb::CertificateLog(std::string* error) {
  return impl_->Guarded(error, [&]() { return ReadLog(impl_->db); });
}

std::optional<int64_t> HistoryDb::AppendCertificateEntry(
    std::string_view certificate_id, std::string_view entry,
    const std::function<std::string(const std::vector<CertificateLogEntry>&)>& refuse,
    std::string* error) {
  std::string refusal;
  auto seq = impl_->Guarded(error, [&]() -> int64_t {
    history::Connection& db = impl_->db;
    history::Transaction transaction(db);  // BEGIN IMMEDIATE: no other writer until commit
    refusal = refuse(ReadLog(db));
    if (!refusal.empty()) return 0;
    history::Statement insert(db,
                              "INSERT INTO certificate_events (certificate_id, entry, "
                              "recorded_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    insert.Bind(1, certificate_id).Bind(2, entry).Run();
    int64_t id = sqlite3_last_insert_rowid(db.get());
    transaction.Commit();
    return id;
  });
  if (!refusal.empty()) {
    *error = refusal;
    return std::nullopt;
  }
  return seq;
}

}  // namespace checker
