#include "checker/safe_text.h"

#include <algorithm>
#include <cstdio>

namespace checker {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one UTF-8 sequence at the start of `s`: its code point and length, or kInvalid with
// length 1 for a byte that does not start a well-formed, shortest-form sequence. Surrogates are
// decoded (they are well-formed in shape) so that callers can refuse them by value.
char32_t Decode(std::string_view s, size_t* length) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(0);
  *length = 1;
  if (c < 0x80) return c;
  size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || n > s.size()) return kInvalid;
  char32_t cp = c & (0x7F >> n);
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[n] || cp > 0x10FFFF) return kInvalid;
  *length = n;
  return cp;
}

bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C ||
         cp == 0x200E || cp == 0x200F;
}

bool IsSurrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

}  // namespace

size_t Utf8SequenceLength(std::string_view s) {
  if (s.empty()) return 0;
  size_t length = 0;
  char32_t cp = Decode(s, &length);
  return cp == kInvalid || IsSurrogate(cp) ? 0 : length;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string TerminalSafeLines(std::string_view s) {
  std::string out;
  for (size_t start = 0; start <= s.size();) {
    size_t end = std::min(s.find('\n', start), s.size());
    out += TerminalSafe(s.substr(start, end - start), /*keep_tabs=*/true);
    if (end == s.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string TerminalSafe(std::string_view s, bool keep_tabs) {
  std::string out;
  out.reserve(s.size());
  char buf[16];
  for (size_t i = 0; i < s.size();) {
    size_t length = 1;
    char32_t cp = Decode(s.substr(i), &length);
    if (cp == kInvalid) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += buf;
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += keep_tabs ? "\t" : "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
      out += buf;
    } else if ((cp >= 0x80 && cp <= 0x9F) || IsBidiControl(cp) || IsSurrogate(cp) || cp == 0xFFFE ||
               cp == 0xFFFF) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string XmlSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t length = 1;
    char32_t cp = Decode(s.substr(i), &length);
    if (cp == kInvalid || (cp >= 0x80 && cp <= 0x9F) || IsBidiControl(cp) || IsSurrogate(cp) ||
        cp == 0xFFFE || cp == 0xFFFF) {
      AppendUtf8(out, 0xFFFD);
    } else if (cp < 0x20 && cp != '\t' && cp != '\n') {
      AppendUtf8(out, 0x2400 + cp);  // Control Pictures: visible, and allowed in XML
    } else if (cp == 0x7F) {
      AppendUtf8(out, 0x2421);
    } else {
      out.append(s.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace checker
