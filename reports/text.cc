#include "reports/text.h"

#include <algorithm>
#include <cstdio>
#include <openssl/evp.h>

#include "checker/encoding.h"
#include "checker/safe_text.h"

#include "reports/html_assets.h"

namespace checker::reports {

std::string EscapeHtml(std::string_view raw) {
  const std::string s = XmlSafe(raw);  // no control, bidi or ill-formed character survives
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string CitationText(const Citation& c, Language lang) {
  std::string s = c.section.empty() ? c.document : c.document + " " + c.section;
  if (c.unconfirmed) s += lang == Language::kJa ? " [未確認]" : " [unconfirmed]";
  return s;
}

std::string EscapeMarkdown(std::string_view raw) {
  // One pass over the raw text: HTML-significant characters become entities (never escaped
  // again, which would break them), inline Markdown syntax (links included) gets a backslash.
  // Values always sit inside a line, so line-start syntax (#, -, +, 1.) cannot take effect; line
  // breaks become spaces so that a value cannot start a line of its own.
  const std::string s = XmlSafe(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n') {
      out += ' ';
    } else if (std::string_view("&<>\"'").find(c) != std::string_view::npos) {
      out += EscapeHtml(std::string_view(&c, 1));
    } else if (std::string_view("\\`*_[]()|~").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string MarkdownCode(std::string_view raw) {
  std::string s = XmlSafe(raw);
  std::replace(s.begin(), s.end(), '\n', ' ');
  if (s.empty()) return "";
  size_t longest = 0;
  size_t run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  // CommonMark strips one space from each end of a span that starts and ends with one (unless it
  // is all spaces): the padding added here is what it strips.
  const bool all_spaces = s.find_first_not_of(' ') == std::string::npos;
  const bool pad =
      !all_spaces && (s.front() == '`' || s.back() == '`' || (s.front() == ' ' && s.back() == ' '));
  return fence + (pad ? " " : "") + s + (pad ? " " : "") + fence;
}

std::string RelativeLink(std::string_view path) {
  size_t colon = path.find(':');
  bool scheme_like = colon != std::string_view::npos && path.find_first_of("/?#") > colon;
  return (scheme_like ? "./" : "") + std::string(path);
}

std::string ScriptlessPageHead(std::string_view lang, std::string_view title) {
  const std::string style = kHtmlStyle;
  return "<!doctype html>\n<html lang=\"" + std::string(lang) +
         "\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src " +
         CspHash(style) + "; base-uri 'none'; form-action 'none'\">\n<title>" + EscapeHtml(title) +
         "</title><style>" + style + "</style></head>\n";
}

std::string CspHash(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return "'sha256-" + Base64(std::string_view(reinterpret_cast<char*>(digest), length)) + "'";
}

}  // namespace checker::reports
