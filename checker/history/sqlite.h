#pragma once
// A thin RAII layer over SQLite's C API for the history module. Failures throw SqlError, which
// HistoryDb's public calls turn into an error message naming the database file: inside the
// module a failed statement ends the whole operation (and its transaction) anyway.

#include <cstdint>
#include <optional>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace checker::history {

struct SqlError : std::runtime_error {
  SqlError(int code, const std::string& what) : std::runtime_error(what), code(code) {}
  int code;
};

/// What a SQLite failure means for the user, e.g. "not a SQLite database (file is not a
/// database)", "locked by another writer for longer than the busy timeout (5000 ms)".
std::string DescribeSqlError(int code, std::string_view message, int busy_timeout_ms);

class Connection {
 public:
  /// Opens (flags as sqlite3_open_v2); throws SqlError.
  Connection(const std::string& path, int flags);
  Connection(Connection&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Connection& operator=(Connection&&) = delete;
  ~Connection();

  sqlite3* get() const { return db_; }
  /// Runs one or more statements that return no rows.
  void Exec(std::string_view sql);
  /// The first column of the first row of `sql`, as an integer (0 when there is no row).
  int64_t QueryInt(std::string_view sql);
  [[noreturn]] void Fail(int code) const;

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Connection& db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindBlob(int index, std::string_view bytes);
  /// True while there is a row to read; false when done.
  bool Step();
  /// Runs a statement that returns no rows, then resets it for the next bindings.
  void Run();
  void Reset();

  std::string Text(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

 private:
  Connection& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE (the write lock is taken now, under the busy timeout, so that two writers
/// never deadlock upgrading a read); rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void Commit();

 private:
  Connection& db_;
  bool open_ = true;
};

}  // namespace checker::history
