#pragma once
// Walks a compiled expression against a document. Holds only per-evaluation state, so one
// compiled program can be evaluated by many threads at once.

#include <string>
#include <unordered_set>
#include <vector>

#include "checker/expr.h"

#include "expr/ast.h"
#include "expr/value.h"

namespace checker::expr {

/// The (node, path) pairs an evaluation recorded. A short list searched in place (a rule reads a
/// few paths), indexed by a hash set once it grows (a comprehension over a large body reads
/// thousands).
class ReadSet {
 public:
  /// False when the pair is already in.
  bool Insert(const Node* node, const PathText& path);
  void Erase(const Node* node, std::string_view path);
  void Clear() {
    entries_.clear();
    index_.clear();
  }
  size_t size() const { return entries_.size(); }

 private:
  using Key = std::pair<const Node*, std::string_view>;
  struct Hash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.first) ^ std::hash<std::string_view>()(k.second);
    }
  };
  static constexpr size_t kIndexFrom = 32;
  std::vector<std::pair<const Node*, PathText>> entries_;  // keeps the indexed views alive
  std::unordered_set<Key, Hash> index_;                    // filled once entries_ is long
};

class Evaluator {
 public:
  Evaluator(const Node& root, int slots, std::vector<EvidenceRef>* evidence,
            const EvalOptions& options = {}, std::vector<std::string>* absent_read = nullptr)
      : root_(root),
        slots_(static_cast<size_t>(slots)),
        evidence_(evidence),
        options_(options),
        absent_read_(absent_read) {}

  Value Eval(const Ast& a);
  /// Binds a macro variable, for evaluating a predicate's parts one element at a time.
  void Bind(int slot, Value v) { slots_[static_cast<size_t>(slot)] = std::move(v); }
  /// Forgets which paths were recorded, so the next Eval records its reads again.
  void ForgetReads() { recorded_.Clear(); }
  /// True once the step budget is spent or the run was cancelled: every later Eval is an error.
  bool stopped() const { return stopped_; }

 private:
  Value Path(const Ast& a);
  Value Member(const Ast& a, const Value& base);
  Value Index(const Ast& a, const Value& base, const Value& index);
  Value Logic(const Ast& a);
  Value Compare(const Ast& a);
  Value In(const Ast& a);
  Value Arithmetic(const Ast& a);
  Value Call(const Ast& a);
  Value Macro(const Ast& a);
  void Record(const Value& v);
  void RecordMatch(const Value& list, const Value& item);
  bool Step();

  const Node& root_;
  std::vector<Value> slots_;
  std::vector<EvidenceRef>* evidence_;
  ReadSet recorded_;
  EvalOptions options_;
  std::vector<std::string>* absent_read_;
  uint64_t steps_ = 0;
  bool stopped_ = false;
  std::string stop_reason_;
};

/// Every condition that kept `ast` from holding against `root` (explain.cc).
std::vector<FailedCondition> ExplainProgram(const Ast& ast, int slots, const Node& root,
                                            const EvalOptions& options);

/// The first operand that is an error, else a combined missing value, else nullopt.
const Value* FirstAbsent(const Value& a, const Value& b);
Value CombineMissing(const Value& a, const Value& b);

}  // namespace checker::expr
