#include "reports/json_text.h"

namespace checker::reports {

namespace {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF), which nlohmann writes byte for byte.
bool WellFormedUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // cut short
    auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (size_t k = 2; k <= n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if (b < 0x80 || b > 0xBF) return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace

void JsonText::AppendString(std::string& out, std::string_view s) {
  if (!WellFormedUtf8(s)) {  // nlohmann replaces what is not UTF-8 its own way: let it
    out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

void JsonText::Separate() {
  const bool first = counts_.back()++ == 0;
  if (one_line_) {
    if (!first) out_ += ',';
    return;
  }
  out_ += first ? "\n" : ",\n";
  out_.append(counts_.size() * 2, ' ');
}

void JsonText::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!counts_.empty()) Separate();  // else the top-level value
}

void JsonText::Key(std::string_view key) {
  Separate();
  out_ += '"';
  out_ += key;  // the format's own names: nothing to escape
  out_ += one_line_ ? "\":" : "\": ";
  after_key_ = true;
}

void JsonText::Open(char bracket) {
  BeforeValue();
  out_ += bracket;
  counts_.push_back(0);
}

void JsonText::Close(char bracket) {
  size_t count = counts_.back();
  counts_.pop_back();
  if (count != 0 && !one_line_) {
    out_ += '\n';
    out_.append(counts_.size() * 2, ' ');
  }
  out_ += bracket;
}

void JsonText::String(std::string_view s) {
  BeforeValue();
  AppendString(out_, s);
}

void JsonText::Uint(uint64_t n) {
  BeforeValue();
  out_ += std::to_string(n);
}

void JsonText::Bool(bool b) {
  BeforeValue();
  out_ += b ? "true" : "false";
}

void JsonText::Null() {
  BeforeValue();
  out_ += "null";
}

void JsonText::Strings(const std::vector<std::string>& list) {
  BeginArray();
  for (const auto& s : list) String(s);
  EndArray();
}

void JsonText::Value(const Json& value) {
  BeforeValue();
  if (one_line_) {
    out_ += value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
  // Nested lines start at this depth: strings hold no raw line breaks, so each one is a line.
  const size_t indent = counts_.size() * 2;
  if (indent == 0 || text.find('\n') == std::string::npos) {
    out_ += text;
    return;
  }
  for (char c : text) {
    out_ += c;
    if (c == '\n') out_.append(indent, ' ');
  }
}

}  // namespace checker::reports
