#include "support/commonmark.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/test_support.h"

namespace checker::test {

std::string Cmark() { return std::filesystem::exists("/usr/bin/cmark") ? "/usr/bin/cmark" : ""; }

std::string RenderCommonMark(const std::string& markdown) {
  std::string cmark = Cmark();
  REQUIRE_FALSE(cmark.empty());  // scripts/run.sh installs Debian's cmark
  TempDir dir;
  auto r = Run({cmark, "--unsafe", dir.File("in.md", markdown)});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

namespace {

// cmark escapes exactly these four in text.
std::string DecodeEntities(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool decoded = false;
    for (const auto& [entity, c] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        decoded = true;
        break;
      }
    }
    if (!decoded) out += s[i++];
  }
  return out;
}

}  // namespace

std::vector<std::string> CodeTexts(const std::string& html) {
  std::vector<std::string> out;
  const std::string open = "<code>";
  const std::string close = "</code>";
  for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
    size_t begin = at + open.size();
    size_t end = html.find(close, begin);
    if (end == std::string::npos) break;
    out.push_back(DecodeEntities(std::string_view(html).substr(begin, end - begin)));
    at = end + close.size();
  }
  return out;
}

}  // namespace checker::test
