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
  void ForgetReads() { recorded_.clear(); }
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

  struct Seen {
    size_t operator()(const std::pair<const Node*, std::string>& k) const {
      return std::hash<const void*>()(k.first) ^ std::hash<std::string>()(k.second);
    }
  };

  const Node& root_;
  std::vector<Value> slots_;
  std::vector<EvidenceRef>* evidence_;
  std::unordered_set<std::pair<const Node*, std::string>, Seen> recorded_;
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
