// Opening the history database and recording an audit in one transaction.

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <zlib.h>

#include "checker/history.h"
#include "checker/source.h"

#include "history/impl.h"
#include "history/schema.h"

namespace checker {

namespace {

constexpr Outcome kCountColumns[] = {
    Outcome::kPass,   Outcome::kFail,        Outcome::kMissingEvidence, Outcome::kError,
    Outcome::kManual, Outcome::kLegalReview, Outcome::kWaived,          Outcome::kNotApplicable};

std::string NowUtc() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string VendorId(const AuditResult& r, const AuditInputs& in) {
  if (!in.vendor_id.empty()) return in.vendor_id;
  if (!r.subject.service_id.empty()) return r.subject.service_id;
  if (!r.subject.service_name.empty()) return r.subject.service_name;
  return r.subject.manifest_path;
}

// "file:PATH?immutable=1": SQLite reads the file without the WAL index it cannot create.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      uri += hex;
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

std::unique_ptr<HistoryDb::Impl> HistoryDb::Impl::Open(const std::string& path,
                                                       const HistoryOptions& options) {
  auto connect = [&](const std::string& name, int flags) {
    auto impl = std::make_unique<Impl>(path, options, history::Connection(name, flags));
    sqlite3_busy_timeout(impl->db.get(), options.busy_timeout_ms);
    impl->db.QueryInt("SELECT count(*) FROM sqlite_schema");  // a file not SQLite fails here
    return impl;
  };
  if (!options.read_only)
    return connect(path, SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0));
  try {
    return connect(path, SQLITE_OPEN_READONLY);
  } catch (const history::SqlError& e) {
    // A WAL database in a folder that cannot be written has no shared-memory index to read
    // through: read it as immutable (nothing else can be writing it there either).
    int code = e.code & 0xff;
    if (code != SQLITE_READONLY && code != SQLITE_CANTOPEN) throw;
    return connect(ImmutableUri(path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  }
}

namespace history {

std::string Compress(std::string_view bytes) {
  uLongf size = compressBound(bytes.size());
  std::string out(size, '\0');
  int rc =
      compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(bytes.data()), bytes.size(), Z_DEFAULT_COMPRESSION);
  if (rc != Z_OK) throw SqlError(SQLITE_ERROR, "zlib could not compress a report");
  out.resize(size);
  return out;
}

std::string Decompress(std::string_view compressed, uint64_t size) {
  std::string out(size, '\0');
  uLongf length = size;
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &length,
                      reinterpret_cast<const Bytef*>(compressed.data()), compressed.size());
  if (rc != Z_OK || length != size)
    throw SqlError(SQLITE_CORRUPT, "an archived report does not decompress to its recorded size");
  return out;
}

}  // namespace history

HistoryDb::HistoryDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HistoryDb::HistoryDb(HistoryDb&&) noexcept = default;
HistoryDb& HistoryDb::operator=(HistoryDb&&) noexcept = default;
HistoryDb::~HistoryDb() = default;

const std::string& HistoryDb::path() const { return impl_->path; }
int HistoryDb::schema_version() const { return impl_->schema_version; }

std::optional<HistoryDb> HistoryDb::Open(const std::string& path, const HistoryOptions& options,
                                         std::string* error) {
  std::error_code ec;
  if ((!options.create || options.read_only) && !std::filesystem::exists(path, ec)) {
    *error = path + ": no such history database";
    return std::nullopt;
  }
  if (std::filesystem::is_directory(path, ec)) {
    *error = path + ": is a folder, not a history database file";
    return std::nullopt;
  }
  // A FIFO would block the first read for ever, a device hand out endless bytes.
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    *error = path + ": is not a regular file (a FIFO, socket or device), not a history database";
    return std::nullopt;
  }
  try {
    auto impl = Impl::Open(path, options);
    history::Connection& db = impl->db;
    std::string problem;
    if (!history::Migrate(db, &impl->schema_version, &problem)) {
      *error = path + ": " + problem;
      return std::nullopt;
    }
    // WAL lets readers and one writer at a time work side by side across processes; FULL sync
    // makes a committed audit survive a power cut; a torn write is rolled back on opening.
    if (!options.read_only) db.Exec("PRAGMA journal_mode = WAL");
    db.Exec(options.sync_each_audit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    db.Exec("PRAGMA foreign_keys = ON");
    return HistoryDb(std::move(impl));
  } catch (const history::SqlError& e) {
    *error = path + ": " + history::DescribeSqlError(e.code, e.what(), options.busy_timeout_ms);
    return std::nullopt;
  }
}

std::optional<RecordResult> HistoryDb::Record(const AuditResult& r, const AuditInputs& in,
                                              std::string* error) {
  if (in.report_json.empty()) {
    *error = impl_->path + ": an audit is recorded with the bytes of its report.json (none given)";
    return std::nullopt;
  }
  if (sqlite3_db_readonly(impl_->db.get(), "main") == 1) {
    *error = impl_->path + ": cannot be written (read-only file): the audit was not recorded";
    return std::nullopt;
  }
  RecordResult recorded{Sha256Hex(in.report_json), false};
  // Hashing and compressing need no lock: threads recording at once do them side by side.
  const bool keep_manifest =
      !in.manifest_text.empty() && Sha256Hex(in.manifest_text) == r.subject.manifest_sha256;
  std::string report_zlib, manifest_zlib;
  try {
    if (impl_->options.archive_reports) report_zlib = history::Compress(in.report_json);
    if (keep_manifest) manifest_zlib = history::Compress(in.manifest_text);
  } catch (const history::SqlError& e) {
    *error = impl_->path + ": " + e.what();
    return std::nullopt;
  }
  return impl_->Guarded(error, [&]() {
    using history::Statement;
    history::Connection& db = impl_->db;
    auto step = [this](std::string_view name) {
      if (impl_->options.fault_injection && !impl_->options.fault_injection(name))
        throw history::SqlError(SQLITE_ABORT,
                                "recording stopped by an injected fault at " + std::string(name));
    };
    history::Transaction transaction(db);
    Statement exists(db, "SELECT 1 FROM audits WHERE audit_id = ?");
    if (exists.Bind(1, recorded.audit_id).Step()) {
      recorded.already_recorded = true;
      return recorded;
    }
    step("audit");
    const std::string vendor_id = VendorId(r, in);
    uint32_t failing_must = 0;
    for (const auto& f : r.findings)
      if (f.level == Level::kMust && IsFailing(f.outcome)) ++failing_must;
    Statement audit(db,
                    "INSERT INTO audits (audit_id, vendor_id, vendor_name, service_id, profile_id, "
                    "manifest_path, manifest_format, manifest_sha256, evidence_sha256, "
                    "tool_version, generated_at, audit_date, probe_mode, decision, grade, score, "
                    "rules_total, n_pass, n_fail, n_missing_evidence, n_error, n_manual, "
                    "n_legal_review, n_waived, n_not_applicable, failing_must, report_path, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 1;
    for (const std::string* text : std::initializer_list<const std::string*>{
             &recorded.audit_id, &vendor_id,
             r.subject.service_name.empty() ? &vendor_id : &r.subject.service_name,
             &r.subject.service_id, &r.profile_id, &r.subject.manifest_path,
             &r.subject.manifest_format, &r.subject.manifest_sha256, &in.evidence_sha256,
             &r.tool_version, &r.generated_at, &r.audit_date, &r.probe_mode})
      audit.Bind(i++, *text);
    audit.Bind(i++, DecisionName(r.certification.decision));
    audit.Bind(i++, GradeName(r.certification.grade));
    audit.Bind(i++, r.certification.score);
    audit.Bind(i++, static_cast<int64_t>(r.counts.total));
    for (Outcome o : kCountColumns) audit.Bind(i++, static_cast<int64_t>(r.counts.Count(o)));
    audit.Bind(i++, static_cast<int64_t>(failing_must));
    audit.Bind(i++, in.report_path);
    audit.Bind(i++, NowUtc());
    audit.Run();
    const int64_t id = sqlite3_last_insert_rowid(db.get());

    step("categories");
    Statement category(db, "INSERT INTO audit_categories VALUES (?, ?, ?)");
    for (const auto& [name, score] : r.certification.category_scores)
      category.Bind(1, id).Bind(2, name).Bind(3, score).Run();
    step("packs");
    Statement pack(db, "INSERT OR REPLACE INTO audit_packs VALUES (?, ?, ?, ?, ?)");
    for (const auto& p : r.rule_sources)
      pack.Bind(1, id)
          .Bind(2, p.pack_id)
          .Bind(3, p.version)
          .Bind(4, p.edition)
          .Bind(5, p.sha256)
          .Run();
    step("reviews");
    Statement review(db, "INSERT INTO audit_reviews VALUES (?, ?, ?, ?, ?)");
    int64_t position = 0;
    for (const auto& file : in.review_files)
      review.Bind(1, id)
          .Bind(2, position++)
          .Bind(3, file.kind)
          .Bind(4, file.path)
          .Bind(5, file.sha256)
          .Run();
    step("outcomes");
    // A rule id seen twice keeps its last outcome, as `checker diff` reads a report.
    Statement outcome(db, "INSERT OR REPLACE INTO rule_outcomes VALUES (?, ?, ?, ?, ?)");
    for (const auto& f : r.findings)
      outcome.Bind(1, id)
          .Bind(2, f.rule_id)
          .Bind(3, f.pack_id)
          .Bind(4, LevelName(f.level))
          .Bind(5, OutcomeName(f.outcome))
          .Run();
    step("archive");
    Statement archive(db, "INSERT OR IGNORE INTO archive VALUES (?, ?, ?, ?)");
    if (impl_->options.archive_reports)
      archive.Bind(1, recorded.audit_id)
          .Bind(2, std::string_view("report"))
          .Bind(3, static_cast<int64_t>(in.report_json.size()))
          .BindBlob(4, report_zlib)
          .Run();
    if (keep_manifest)
      archive.Bind(1, r.subject.manifest_sha256)
          .Bind(2, std::string_view("manifest"))
          .Bind(3, static_cast<int64_t>(in.manifest_text.size()))
          .BindBlob(4, manifest_zlib)
          .Run();
    step("commit");
    transaction.Commit();
    return recorded;
  });
}

}  // namespace checker
