// JSON documents through nlohmann_json's SAX parser. Debian's nlohmann_json 3.11 keeps no
// positions, so the parser reads through an iterator that publishes how far it has read; each
// SAX callback then finds its token's first byte by scanning back from there in the raw text.

#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "documents/readers.h"
#include "documents/tree_builder.h"

namespace checker::documents {

namespace {

// A forward iterator over the text that records, in a shared cursor, the end of what was read.
class CountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator() = default;
  CountingIterator(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    if (cursor_ != nullptr) *cursor_ = p_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const CountingIterator& a, const CountingIterator& b) {
    return a.p_ == b.p_;
  }

 private:
  const char* p_ = nullptr;
  const char** cursor_ = nullptr;
};

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

class Handler {
 public:
  Handler(std::string_view text, const char** cursor, TreeBuilder& builder, DiagnosticSink& sink)
      : text_(text), cursor_(cursor), builder_(builder), sink_(sink) {}

  bool null() { return Scalar(Literal(NodeKind::kNull, "null", false), 4); }
  bool boolean(bool v) {
    return Scalar(Literal(NodeKind::kBool, v ? "true" : "false", v), v ? 4 : 5);
  }
  bool number_integer(std::int64_t v) { return Number(static_cast<double>(v)); }
  bool number_unsigned(std::uint64_t v) { return Number(static_cast<double>(v)); }
  bool number_float(double v, const std::string&) { return Number(v); }
  bool string(std::string& s) {
    Node n;
    n.kind = NodeKind::kString;
    n.text = std::move(s);
    return Value(std::move(n), StringStart());
  }
  bool binary(nlohmann::json::binary_t&) { return false; }  // not produced by the JSON parser
  bool start_object(std::size_t) { return builder_.BeginMap(End() - 1); }
  bool end_object() { return builder_.End(); }
  bool start_array(std::size_t) { return builder_.BeginList(End() - 1); }
  bool end_array() { return builder_.End(); }
  bool key(std::string& k) {
    builder_.Key(std::move(k), StringStart());
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& e) {
    std::string message = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    if (size_t colon = message.find(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
    size_t at = position == 0 ? 0 : std::min(position - 1, text_.size());
    bool range = e.id == 406;
    sink_.Error(range ? DiagCode::kNumberRange : DiagCode::kSyntax, builder_.LocationOf(at),
                range ? "number out of range: " + message : "JSON syntax error: " + message);
    builder_.Fail();
    return false;
  }

 private:
  static Node Literal(NodeKind kind, const char* text, bool value) {
    Node n;
    n.kind = kind;
    n.text = text;
    n.boolean = value;
    return n;
  }

  size_t End() const { return static_cast<size_t>(*cursor_ - text_.data()); }

  size_t StringStart() const {
    // The last byte read is the closing quote; the opening one is the nearest earlier quote
    // that is not escaped (a raw quote cannot appear inside a JSON string).
    size_t j = End() - 1;
    while (j > 0) {
      --j;
      if (text_[j] != '"') continue;
      size_t backslashes = 0;
      while (backslashes < j && text_[j - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return j;
    }
    return 0;
  }

  bool Scalar(Node n, size_t length) { return Value(std::move(n), End() - length); }

  bool Number(double v) {
    // The lexer reads one byte past a number (unless the text ends there).
    size_t end = End();
    if (end > 0 && !IsNumberChar(text_[end - 1])) --end;
    size_t start = end;
    while (start > 0 && IsNumberChar(text_[start - 1])) --start;
    Node n;
    n.kind = NodeKind::kNumber;
    n.number = v;
    n.text = std::string(text_.substr(start, end - start));
    bool integer = n.text.find_first_of(".eE") == std::string::npos;
    if (!std::isfinite(v) || (integer && std::fabs(v) >= kMaxExactInteger)) {
      sink_.Error(DiagCode::kNumberRange, builder_.LocationOf(start),
                  "number '" + n.text +
                      "' is out of range (integers must be within ±2^53, numbers finite)");
      builder_.Fail();
    }
    return Value(std::move(n), start);
  }

  bool Value(Node n, size_t start) {
    return builder_.Value(std::move(n), start) || !builder_.limit_reached();
  }

  std::string_view text_;
  const char** cursor_;
  TreeBuilder& builder_;
  DiagnosticSink& sink_;
};

}  // namespace

std::optional<Node> ReadJson(std::string_view text, size_t base_offset, const SourceText& source,
                             const LineIndex& index, const DocumentLimits& limits,
                             DiagnosticSink& sink) {
  TreeBuilder builder(source.name, index, limits, sink);
  builder.set_base_offset(base_offset);
  const char* cursor = text.data();
  Handler handler(text, &cursor, builder, sink);
  CountingIterator first(text.data(), &cursor);
  CountingIterator last(text.data() + text.size(), nullptr);
  try {
    nlohmann::json::sax_parse(first, last, &handler);
  } catch (const nlohmann::json::exception& e) {
    sink.Error(DiagCode::kSyntax, builder.LocationOf(0), std::string("JSON error: ") + e.what());
    return std::nullopt;
  }
  return builder.Finish();
}

}  // namespace checker::documents
