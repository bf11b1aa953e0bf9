#pragma once
// The expression language of `applies_when` and manifest checks: a small CEL-like subset
// (docs/expressions.md). An expression is compiled once, when its pack loads, into an immutable
// program; evaluating it is reentrant and allocation-light, so one compiled rule set can audit
// many manifests on many threads at once.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/node.h"

namespace checker {

struct ExprLimits {
  size_t max_length = 4096;  // bytes of expression text
  uint32_t max_depth = 64;   // nesting of the syntax tree
};

/// What one evaluation needed from the document: a path (as written, with list indices resolved,
/// e.g. "endpoints[1].url") and the node found there. Nodes point into the evaluated document and
/// are valid as long as it is.
struct EvidenceRef {
  std::string path;
  const Node* node = nullptr;
};

enum class EvalStatus : uint8_t {
  kTrue,     // the predicate holds
  kFalse,    // the predicate does not hold
  kMissing,  // evidence is absent: a path the predicate needs does not exist
  kError,    // the document has a value of the wrong type (or a runtime fault such as a bad regex)
};
std::string_view EvalStatusName(EvalStatus s);

struct EvalResult {
  EvalStatus status = EvalStatus::kError;
  /// kError: the evaluation was stopped (step budget spent or run cancelled), not decided.
  bool stopped = false;
  std::vector<std::string> missing_paths;  // kMissing: every absent path that decided the outcome
  std::string error;                       // kError: what went wrong, naming the path
  Position error_position;                 // kError: position of the offending node, if any
  std::vector<EvidenceRef> evidence;       // paths read, in first-read order, without repeats
  std::vector<std::string> absent_read;    // absent paths exists() or default() made a value of
};

/// One condition that kept a predicate from holding, found by Expression::Explain: the smallest
/// sub-expression that failed (each conjunct of a failing `&&`, each failing element of `all()`),
/// what it read and a sentence saying so. Nodes point into the evaluated document.
struct FailedCondition {
  std::string condition;  // the sub-expression as text, e.g. "c.secure" or "x.police == true"
  bool wanted = true;     // false when the condition had to be false (under a '!')
  std::string subject;    // what the sentence names: a path ("cookies[1].secure") or a call
  std::string path;       // the document path read ("cookies[1].secure"); "" when none
  std::string pattern;    // `path` with list indices as [*] ("cookies[*].secure"), for templates
  std::string observed;   // the value seen, as compact JSON; "" when absent
  const Node* node = nullptr;     // the observed node, when it came from the document
  bool absent = false;            // the path does not exist
  const Node* nearest = nullptr;  // absent: the nearest ancestor present (for a position)
  std::string item_path;          // the list element concerned ("cookies[1]"); "" when none
  std::string item;               // that element's `id` or `name`, when it has one
  std::string expected_en;        // "to be true", "to be at least 8", "one of ['a', 'b']"
  std::string expected_ja;
  std::string sentence_en;  // the generated sentence
  std::string sentence_ja;
};

struct ExprProgram;  // the compiled form, private to the expr module

/// A document path an expression reads, found without evaluating it. Paths use the manifest
/// schema's spelling: map keys joined by '.', a list's elements as `[]` (`endpoints[].url`).
struct PathRead {
  std::string path;
  SourceLocation location;  // the path's last segment in the rule file
};

/// A string literal compared with a path (`p == 'x'`, `p != 'x'`, `p in ['x']`, `'x' in p`).
struct LiteralComparison {
  std::string path;  // `'x' in p` names the list's elements: `p[]`
  std::string literal;
  SourceLocation location;  // the literal's position
};

struct StaticReads {
  std::vector<PathRead> paths;
  std::vector<LiteralComparison> comparisons;
};

/// What one evaluation runs against besides the document. A rule's expression over a hostile
/// document (a 1 MiB JSON body, a nested comprehension) is bounded by `max_steps`; `cancel`
/// stops it within a few microseconds.
struct EvalOptions {
  std::string_view today;                     // ISO date of the audit; empty = none
  uint64_t max_steps = 0;                     // evaluation step budget; 0 = unlimited
  const std::atomic<bool>* cancel = nullptr;  // set when the run is interrupted
};

class Expression {
 public:
  /// Parses and type-checks `text`. `origin` is the location of the text's first character in its
  /// file, so that diagnostics point into the rule pack; lines after the first start at
  /// `continuation_column` (a YAML block scalar's indentation plus one). Returns nullopt after
  /// adding diagnostics.
  static std::optional<Expression> Compile(std::string_view text, const SourceLocation& origin,
                                           DiagnosticSink& sink, const ExprLimits& limits = {},
                                           uint32_t continuation_column = 1);

  /// Evaluates as a predicate against `root` (identifiers are looked up as root members).
  /// A non-boolean result is kError. Thread-safe: the program is immutable.
  EvalResult Evaluate(const Node& root) const;
  /// The same, against the audit date of `options` (the date builtins need one: without it they
  /// are an error, never a silent pass).
  EvalResult Evaluate(const Node& root, const EvalOptions& options) const;

  /// Lint: adds a C307 diagnostic, at its column in the rule file, for each default() that lint
  /// cannot see on the predicate's strict side. `strict_result` is the result that counts against
  /// the vendor: false for a check's expect, true for applies_when and a gray-zone `when`.
  /// Returns false when it added any.
  bool CheckDefaults(bool strict_result, DiagnosticSink& sink) const;

  /// Every condition that kept the predicate from holding against `root`, in expression order:
  /// each failing or absent conjunct of an `&&` chain, each disjunct of a failing `||`, each
  /// failing element of `all()`. Meant for a predicate Evaluate() found false (it re-evaluates,
  /// so the passing path pays nothing). Thread-safe.
  std::vector<FailedCondition> Explain(const Node& root, const EvalOptions& options = {}) const;

  const std::string& text() const;
  /// The text on one line (line breaks and runs of spaces folded), for messages.
  const std::string& one_line() const;
  const SourceLocation& origin() const;

  /// Every document path the expression can read and every literal compared with one, for lint
  /// (a path through a computed index or a function result other than default() is left out).
  StaticReads Reads() const;

 private:
  explicit Expression(std::shared_ptr<const ExprProgram> program) : program_(std::move(program)) {}
  std::shared_ptr<const ExprProgram> program_;
};

}  // namespace checker
