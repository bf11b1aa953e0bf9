#pragma once
// Diagnostics: problems found in user input (rule packs, manifests, attestations), each with a
// stable code and a 1-based source position. Loaders never stop at the first problem: they add
// every diagnostic to a DiagnosticSink and keep going, so one run reports everything.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checker {

/// A position in a named source. line and column are 1-based; 0 means "unknown".
/// column counts Unicode code points from the start of the line.
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;

  bool known() const { return line != 0; }
  /// "file:line:col", "file:line" or "file", depending on what is known.
  std::string ToString() const;
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class Severity { kError, kWarning, kNote };
std::string_view SeverityName(Severity s);  // "error", "warning", "note"

/// Stable diagnostic codes. The numbers are part of the public contract: never reuse one.
/// Ranges: 1xx documents and input, 2xx rule packs, 3xx expressions, 4xx attestations and waivers.
enum class DiagCode : uint16_t {
  // Input documents (manifests, packs read as documents).
  kIoError = 100,
  kSyntax = 101,
  kInvalidUtf8 = 102,
  kTab = 103,
  kDuplicateKey = 104,
  kAliasLimit = 105,
  kDepthLimit = 106,
  kSizeLimit = 107,
  kNumberRange = 108,
  kXmlDoctype = 109,
  kNodeLimit = 110,
  kUnsupportedFormat = 111,
  // Rule packs.
  kUnknownKey = 200,
  kWrongType = 201,
  kMissingField = 202,
  kDuplicateId = 203,
  kUnknownReference = 204,
  kInvalidValue = 205,
  kInvalidId = 206,
  kInvalidDate = 207,
  kInvalidRegex = 208,
  kMissingTranslation = 209,
  kEmptySelection = 210,
  // Expressions.
  kExprSyntax = 300,
  kExprType = 301,
  kExprUnknownFunction = 302,
  kExprArity = 303,
  kExprRegex = 304,
  kExprLimit = 305,
  kExprUnknownVariable = 306,
  kExprLaxDefault = 307,
  // Attestations, waivers.
  kAttestationInvalid = 400,
  kEvidenceFileMissing = 401,
  kEvidenceHashMismatch = 402,
  kWaiverInvalid = 403,
  kWaiverExpired = 404,
};

struct DiagCodeInfo {
  DiagCode code;
  std::string_view name;         // short kebab-case name, e.g. "unknown-key"
  std::string_view description;  // one sentence for `checker lint --explain` and docs
};

/// The one table of every code with its name and description.
std::span<const DiagCodeInfo> AllDiagCodes();
const DiagCodeInfo& InfoFor(DiagCode code);
/// "E200"-style label: the severity letter is not part of the code, so it is always "C" + number.
std::string CodeLabel(DiagCode code);

struct Diagnostic {
  Severity severity = Severity::kError;
  DiagCode code = DiagCode::kSyntax;
  SourceLocation location;
  std::string message;
  /// The text of the source line at `location` (without newline), for the caret display; may be
  /// empty when the source is not at hand.
  std::string source_line;
};

/// Collects diagnostics. Not thread-safe: use one sink per thread of work and merge.
class DiagnosticSink {
 public:
  void Add(Diagnostic d);
  void Error(DiagCode code, SourceLocation where, std::string message);
  void Warning(DiagCode code, SourceLocation where, std::string message);
  void Merge(const DiagnosticSink& other);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return diagnostics_.size() - errors_; }
  bool has_errors() const { return errors_ != 0; }
  /// Sorts by file, line, column (stable), so output does not depend on load order.
  void Sort();
  /// Fills the empty `source_line` of every diagnostic located in `file` from its text.
  void AttachSourceLines(std::string_view file, std::string_view text);

 private:
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
};

/// Renders "file:line:col: error[C200]: message", then the source line and a caret under the
/// column when the source line is known.
std::string FormatDiagnostic(const Diagnostic& d);

}  // namespace checker
