#include "documents/text_checks.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "checker/safe_text.h"

namespace checker::documents {

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

size_t BomLength(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

std::optional<std::string_view> PrepareText(const SourceText& source, const DocumentLimits& limits,
                                            const LineIndex& index, DiagnosticSink& sink) {
  std::string_view text = source.content;
  if (text.size() > limits.max_bytes) {
    sink.Error(DiagCode::kSizeLimit, {source.name, 0, 0},
               "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                   std::to_string(limits.max_bytes) + " (limit max_bytes)");
    return std::nullopt;
  }
  if (auto bad = FindInvalidUtf8(text)) {
    SourceLocation where = index.Locate(source.name, *bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
    sink.Error(DiagCode::kInvalidUtf8, where,
               std::string("invalid UTF-8: byte ") + hex + " does not start a valid sequence");
    return std::nullopt;
  }
  return text;
}

namespace {

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options)
    if (s == o) return true;
  return false;
}

bool AllDigits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                         : (c >= '0' && c < '0' + base);
    if (!ok) return false;
  }
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsDecimalNumber(std::string_view s, bool* is_integer) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  *is_integer = true;
  if (i < s.size() && s[i] == '.') {
    *is_integer = false;
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    *is_integer = false;
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

}  // namespace

TypedScalar TypePlainScalar(std::string_view text) {
  TypedScalar out;
  out.node.text = std::string(text);
  if (text.empty() || IsOneOf(text, {"null", "Null", "NULL", "~"})) {
    out.node.kind = NodeKind::kNull;
    return out;
  }
  if (IsOneOf(text, {"true", "True", "TRUE"}) || IsOneOf(text, {"false", "False", "FALSE"})) {
    out.node.kind = NodeKind::kBool;
    out.node.boolean = text[0] == 't' || text[0] == 'T';
    return out;
  }
  if (IsOneOf(text, {".inf", ".Inf", ".INF", "+.inf", "-.inf", "+.Inf", "-.Inf", ".nan", ".NaN",
                     ".NAN", "+.INF", "-.INF"})) {
    out.node.kind = NodeKind::kNumber;
    out.out_of_range = true;
    return out;
  }
  int base = 0;
  std::string_view digits;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x') base = 16, digits = text.substr(2);
  if (text.size() > 2 && text[0] == '0' && text[1] == 'o') base = 8, digits = text.substr(2);
  if (base != 0 && AllDigits(digits, base)) {
    out.node.kind = NodeKind::kNumber;
    errno = 0;
    std::string d(digits);
    unsigned long long v = std::strtoull(d.c_str(), nullptr, base);
    out.out_of_range = errno == ERANGE || static_cast<double>(v) >= kMaxExactInteger;
    out.node.number = static_cast<double>(v);
    return out;
  }
  bool is_integer = false;
  if (IsDecimalNumber(text, &is_integer)) {
    out.node.kind = NodeKind::kNumber;
    std::string s(text);
    errno = 0;
    double v = std::strtod(s.c_str(), nullptr);
    out.out_of_range =
        errno == ERANGE || !std::isfinite(v) || (is_integer && std::fabs(v) >= kMaxExactInteger);
    out.node.number = v;
    return out;
  }
  out.node.kind = NodeKind::kString;
  return out;
}

}  // namespace checker::documents
