// Strict-Transport-Security (RFC 6797), Content-Security-Policy (CSP3), CORS and banners.

#include <algorithm>
#include <re2/re2.h>

#include "checker/http_facts.h"

#include "probes/text_util.h"

namespace checker {

using probes::IEquals;
using probes::Lower;
using probes::Split;
using probes::Trim;

HstsPolicy ParseHsts(std::string_view value) {
  HstsPolicy p;
  int max_age_count = 0;
  for (std::string_view directive : Split(value, ';')) {
    size_t eq = directive.find('=');
    std::string name = Lower(Trim(directive.substr(0, eq)));
    std::string_view arg = eq == std::string_view::npos ? "" : Trim(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"')
      arg = arg.substr(1, arg.size() - 2);
    if (name == "max-age") {
      ++max_age_count;
      bool digits = !arg.empty() && arg.size() <= 12 &&
                    arg.find_first_not_of("0123456789") == std::string_view::npos;
      if (!digits) {
        p.problems.push_back("max-age is not a number: '" + std::string(arg) + "'");
        continue;
      }
      p.max_age = std::stoll(std::string(arg));
    } else if (name == "includesubdomains") {
      p.include_subdomains = true;
    } else if (name == "preload") {
      p.preload = true;
    } else {
      p.problems.push_back("unknown directive '" + name + "'");
    }
  }
  if (max_age_count == 0) p.problems.push_back("no max-age");
  if (max_age_count > 1) p.problems.push_back("max-age given more than once");
  p.valid = max_age_count == 1 && p.max_age >= 0 &&
            std::none_of(p.problems.begin(), p.problems.end(),
                         [](const std::string& s) { return s.rfind("max-age", 0) == 0; });
  return p;
}

CspPolicy ParseCsp(std::string_view value) {
  CspPolicy p;
  // Several policies may be joined by commas; each directive's first occurrence counts.
  for (std::string_view policy : Split(value, ',')) {
    for (std::string_view directive : Split(policy, ';')) {
      size_t space = directive.find_first_of(" \t");
      std::string name = Lower(directive.substr(0, space));
      if (p.directives.count(name) != 0) continue;
      std::vector<std::string> sources;
      if (space != std::string_view::npos)
        for (std::string_view s : Split(directive.substr(space), ' '))
          sources.emplace_back(Trim(s));
      p.directives[name] = std::move(sources);
    }
  }
  auto has = [&](const std::string& directive, std::string_view source) {
    auto it = p.directives.find(directive);
    if (it == p.directives.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const std::string& s) { return IEquals(s, source); });
  };
  std::string script = p.directives.count("script-src") ? "script-src" : "default-src";
  p.unsafe_inline = has(script, "'unsafe-inline'");
  p.unsafe_eval = has(script, "'unsafe-eval'");
  p.has_default_src = p.directives.count("default-src") != 0;
  p.has_frame_ancestors = p.directives.count("frame-ancestors") != 0;
  p.has_object_src_none = has("object-src", "'none'") ||
                          (!p.directives.count("object-src") && has("default-src", "'none'"));
  for (const auto& [name, sources] : p.directives) {
    bool fetch =
        name == "default-src" || (name.size() > 4 && name.compare(name.size() - 4, 4, "-src") == 0);
    if (!fetch) continue;
    for (const auto& s : sources)
      if (s == "*" || IEquals(s, "https:") || IEquals(s, "http:") ||
          (IEquals(s, "data:") && name == script))
        p.wildcard_source = true;
  }
  return p;
}

CorsFacts EvaluateCors(const HeaderList& headers, std::string_view sent_origin) {
  CorsFacts c;
  for (const auto& [name, value] : headers) {
    if (IEquals(name, "access-control-allow-origin")) c.allow_origin = std::string(Trim(value));
    if (IEquals(name, "access-control-allow-credentials"))
      c.allow_credentials = IEquals(Trim(value), "true");
  }
  c.wildcard = c.allow_origin == "*";
  c.wildcard_with_credentials = c.wildcard && c.allow_credentials;
  c.allows_null = c.allow_origin == "null";
  c.reflects_origin = !sent_origin.empty() && c.allow_origin == sent_origin;
  return c;
}

bool HasVersionNumber(std::string_view banner) {
  static const RE2 kVersion(R"([/ (v]\d+(\.\d+)+)");
  return RE2::PartialMatch(banner, kVersion);
}

}  // namespace checker
