#pragma once
// The reference CommonMark renderer (Debian's cmark, installed by scripts/run.sh) for tests that
// check what a Markdown writer's output means, not only what it spells: a reader's renderer, not
// a look at the bytes.

#include <string>
#include <vector>

namespace checker::test {

/// The cmark executable, or "" when none is installed.
std::string Cmark();

/// `markdown` rendered to HTML by cmark with raw HTML let through (--unsafe), so that markup a
/// writer lets slip shows in the output as markup. Fails the test when cmark does not run.
std::string RenderCommonMark(const std::string& markdown);

/// The text of every <code> element of cmark's HTML, in order, its entities decoded.
std::vector<std::string> CodeTexts(const std::string& html);

}  // namespace checker::test
