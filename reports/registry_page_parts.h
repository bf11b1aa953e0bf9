#pragma once
// Parts every registry page shares (registry_pages.cc, registry_feeds.cc).

#include <string>
#include <string_view>
#include <vector>

#include "checker/registry_pages.h"

namespace checker::reports {

std::string Pick(Language lang, std::string_view ja, std::string_view en);
/// The head, the style and script admitted by hash, the site's navigation. `up` leads from the
/// page to the site's root ("" or "../").
std::string RegistryHead(Language lang, std::string_view title, std::string_view up);
/// The link to the page `name` in the other language; closes the header and opens <main>.
std::string LanguageLink(Language lang, const std::string& name, std::string_view up);
std::string RegistryFoot();
std::string StatusBadge(const std::string& status, Language lang);
std::string Packs(const std::vector<RegistryPack>& packs);

}  // namespace checker::reports
