// The audit comparison in Markdown, as a CommonMark reader (Debian's cmark) renders it: a rule id
// or message read back from a report on disk is untrusted, and must render as the text it is,
// with no markup, no link and no backslashes left over.

#include <catch2/catch.hpp>

#include "checker/diff.h"

#include "support/commonmark.h"

using namespace checker;

namespace {

bool Has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("diff Markdown renders hostile rule ids and messages as plain text", "[diff][markdown]") {
  AuditDiff d;
  d.new_failures.push_back({"web.hsts`<script>alert(1)</script>", "t", Outcome::kPass,
                            Outcome::kFail, "[x](javascript:alert(1)) *em* &quot;"});
  d.fixed.push_back({"web.csp_present", "t", Outcome::kFail, Outcome::kPass, "back\\slash"});
  const std::string html = test::RenderCommonMark(RenderDiffMarkdown(d));
  CHECK_FALSE(Has(html, "<script"));
  CHECK_FALSE(Has(html, "<a "));
  CHECK_FALSE(Has(html, "<em>"));
  CHECK(Has(html, "web.hsts`&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(Has(html, "[x](javascript:alert(1)) *em* &amp;quot;"));
  // Underscores and backslashes come through as written, not as escapes shown literally.
  CHECK(Has(html, "web.csp_present"));
  CHECK(Has(html, "back\\slash"));
  CHECK_FALSE(Has(html, "\\_"));
  CHECK(test::CodeTexts(html).empty());
}
