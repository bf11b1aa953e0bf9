#include "checker/diagnostic.h"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

#include "checker/safe_text.h"
#include "checker/source.h"

namespace checker {

namespace {

constexpr std::array kCodes = {
    DiagCodeInfo{DiagCode::kIoError, "io-error", "A file could not be read or written."},
    DiagCodeInfo{DiagCode::kSyntax, "syntax", "The document is not well-formed YAML, JSON or XML."},
    DiagCodeInfo{DiagCode::kInvalidUtf8, "invalid-utf8", "The text is not valid UTF-8."},
    DiagCodeInfo{DiagCode::kTab, "tab", "A tab character is used for YAML indentation."},
    DiagCodeInfo{DiagCode::kDuplicateKey, "duplicate-key",
                 "A mapping has the same key twice; the document is ambiguous."},
    DiagCodeInfo{DiagCode::kAliasLimit, "alias-limit",
                 "YAML aliases expand beyond the configured limit (an alias bomb)."},
    DiagCodeInfo{DiagCode::kDepthLimit, "depth-limit",
                 "Lists and maps are nested deeper than the configured limit."},
    DiagCodeInfo{DiagCode::kSizeLimit, "size-limit",
                 "The document or one of its strings is larger than the configured limit."},
    DiagCodeInfo{DiagCode::kNumberRange, "number-range",
                 "A number is out of range (beyond 2^53 for integers or not finite)."},
    DiagCodeInfo{DiagCode::kXmlDoctype, "xml-doctype",
                 "XML with a DOCTYPE or entity declarations is refused (entity expansion)."},
    DiagCodeInfo{DiagCode::kNodeLimit, "node-limit",
                 "The document has more values than the configured limit."},
    DiagCodeInfo{DiagCode::kUnsupportedFormat, "unsupported-format",
                 "The file's format cannot be told from its name (.yaml, .yml, .json, .xml)."},
    DiagCodeInfo{DiagCode::kUnknownKey, "unknown-key", "A key that the format does not define."},
    DiagCodeInfo{DiagCode::kWrongType, "wrong-type", "A value has the wrong type for its key."},
    DiagCodeInfo{DiagCode::kMissingField, "missing-field", "A required key is absent."},
    DiagCodeInfo{DiagCode::kDuplicateId, "duplicate-id",
                 "The same id is defined twice (rule, pack, check or profile)."},
    DiagCodeInfo{DiagCode::kUnknownReference, "unknown-reference",
                 "A reference names a pack, rule, check or profile that does not exist."},
    DiagCodeInfo{DiagCode::kInvalidValue, "invalid-value",
                 "A value is not one of those allowed for its key."},
    DiagCodeInfo{
        DiagCode::kInvalidId, "invalid-id",
        "An id does not match the allowed form (lowercase letters, digits, '.', '-', '_')."},
    DiagCodeInfo{DiagCode::kInvalidDate, "invalid-date",
                 "A date is not an ISO 8601 date (YYYY-MM-DD)."},
    DiagCodeInfo{DiagCode::kInvalidRegex, "invalid-regex", "A regular expression RE2 refuses."},
    DiagCodeInfo{DiagCode::kMissingTranslation, "missing-translation",
                 "A text has only one of its Japanese and English versions."},
    DiagCodeInfo{DiagCode::kEmptySelection, "empty-selection", "A profile selects no rule."},
    DiagCodeInfo{DiagCode::kExprSyntax, "expr-syntax", "An expression cannot be parsed."},
    DiagCodeInfo{DiagCode::kExprType, "expr-type",
                 "An expression combines values of types that do not fit."},
    DiagCodeInfo{DiagCode::kExprUnknownFunction, "expr-unknown-function",
                 "An expression calls a function the language does not have."},
    DiagCodeInfo{DiagCode::kExprArity, "expr-arity",
                 "A function is called with the wrong number of arguments."},
    DiagCodeInfo{DiagCode::kExprRegex, "expr-regex", "A regular expression literal RE2 refuses."},
    DiagCodeInfo{DiagCode::kExprLimit, "expr-limit",
                 "An expression is longer or nested deeper than the configured limit."},
    DiagCodeInfo{DiagCode::kExprUnknownVariable, "expr-unknown-variable",
                 "A bound variable name is used outside the function that binds it."},
    DiagCodeInfo{DiagCode::kExprLaxDefault, "expr-lax-default",
                 "A default() lets absent evidence pass a check or skip a rule, or lint cannot "
                 "see which side it takes."},
    DiagCodeInfo{DiagCode::kAttestationInvalid, "attestation-invalid",
                 "An attestation entry is malformed or names an unknown rule."},
    DiagCodeInfo{DiagCode::kEvidenceFileMissing, "evidence-file-missing",
                 "An evidence file named by an attestation does not exist."},
    DiagCodeInfo{DiagCode::kEvidenceHashMismatch, "evidence-hash-mismatch",
                 "An evidence file's SHA-256 differs from the one recorded."},
    DiagCodeInfo{DiagCode::kWaiverInvalid, "waiver-invalid",
                 "A waiver is malformed, names an unknown rule or lacks dual control."},
    DiagCodeInfo{DiagCode::kWaiverExpired, "waiver-expired", "A waiver's expiry date has passed."},
};

char32_t DecodeUtf8(std::string_view s, size_t* length) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(0);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (n > s.size()) n = 1;
  char32_t cp = n == 1 ? c : (c & (0x7F >> n));
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (byte(i) & 0x3F);
  *length = n;
  return cp;
}

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

std::string SourceLocation::ToString() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line != 0) {
    out += ':' + std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

std::span<const DiagCodeInfo> AllDiagCodes() { return kCodes; }

const DiagCodeInfo& InfoFor(DiagCode code) {
  for (const auto& info : kCodes) {
    if (info.code == code) return info;
  }
  throw std::logic_error("diagnostic code without a table entry: " +
                         std::to_string(static_cast<int>(code)));
}

std::string CodeLabel(DiagCode code) { return "C" + std::to_string(static_cast<int>(code)); }

void DiagnosticSink::Add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  diagnostics_.push_back(std::move(d));
}

void DiagnosticSink::Error(DiagCode code, SourceLocation where, std::string message) {
  Add({Severity::kError, code, std::move(where), std::move(message), {}});
}

void DiagnosticSink::Warning(DiagCode code, SourceLocation where, std::string message) {
  Add({Severity::kWarning, code, std::move(where), std::move(message), {}});
}

void DiagnosticSink::Merge(const DiagnosticSink& other) {
  for (const auto& d : other.diagnostics_) Add(d);
}

void DiagnosticSink::Sort() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line, a.location.column) <
                            std::tie(b.location.file, b.location.line, b.location.column);
                   });
}

void DiagnosticSink::AttachSourceLines(std::string_view file, std::string_view text) {
  std::optional<LineIndex> index;
  for (auto& d : diagnostics_) {
    if (d.location.file != file || d.location.line == 0 || !d.source_line.empty()) continue;
    if (!index) index.emplace(text);
    d.source_line = std::string(index->Line(d.location.line));
  }
}

// Messages quote what they refuse and source lines are the input itself: both are printed
// through TerminalSafe, so an escape sequence in a manifest cannot reach the terminal.
std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = TerminalSafe(d.location.ToString());
  out += ": ";
  out += SeverityName(d.severity);
  out += '[' + CodeLabel(d.code) + "]: ";
  out += TerminalSafe(d.message);
  out += '\n';
  if (!d.source_line.empty() && d.location.column != 0) {
    out += "  " + TerminalSafe(d.source_line, /*keep_tabs=*/true) + '\n';
    // Columns count code points of the raw line; the caret pads by the display width of what was
    // printed before it (escapes spelt out, East Asian wide characters two cells, tabs
    // repeated), so it lines up under Japanese text and escaped bytes too.
    std::string_view line = d.source_line;
    size_t end = 0;
    for (uint32_t col = 1; end < line.size() && col < d.location.column; ++col) {
      size_t length = 1;
      DecodeUtf8(line.substr(end), &length);
      end += length;
    }
    const std::string shown = TerminalSafe(line.substr(0, end), /*keep_tabs=*/true);
    std::string pad;
    for (size_t i = 0; i < shown.size();) {
      size_t length = 1;
      char32_t cp = DecodeUtf8(std::string_view(shown).substr(i), &length);
      pad += (cp == U'\t') ? "\t" : (IsWide(cp) ? "  " : " ");
      i += length;
    }
    out += "  " + pad + "^\n";
  }
  return out;
}

}  // namespace checker
