// Set-Cookie attributes (RFC 6265 section 5.2) and the cookie name prefixes
// (draft-ietf-httpbis-rfc6265bis: __Host- and __Secure-).

#include "checker/http_facts.h"

#include "probes/text_util.h"

namespace checker {

using probes::IEquals;
using probes::Lower;
using probes::Split;
using probes::Trim;

SetCookie ParseSetCookie(std::string_view value) {
  SetCookie c;
  std::vector<std::string_view> parts = Split(value, ';');
  if (parts.empty() || parts[0].find('=') == std::string_view::npos) {
    c.valid = false;
    if (!parts.empty()) c.name = std::string(parts[0]);
    return c;
  }
  c.name = std::string(Trim(parts[0].substr(0, parts[0].find('='))));
  c.valid = !c.name.empty();
  for (size_t i = 1; i < parts.size(); ++i) {
    size_t eq = parts[i].find('=');
    std::string attr = Lower(Trim(parts[i].substr(0, eq)));
    std::string_view arg = eq == std::string_view::npos ? "" : Trim(parts[i].substr(eq + 1));
    if (attr == "secure")
      c.secure = true;
    else if (attr == "httponly")
      c.http_only = true;
    else if (attr == "samesite")
      c.same_site = Lower(arg);
    else if (attr == "domain")
      c.domain = std::string(arg);
    else if (attr == "path")
      c.path = std::string(arg);
    else if (attr == "max-age" || attr == "expires")
      c.persistent = true;
  }
  if (c.name.rfind("__Host-", 0) == 0) {
    c.host_prefix = c.secure && c.path == "/" && c.domain.empty();
    c.prefix_violation = !c.host_prefix;
  } else if (c.name.rfind("__Secure-", 0) == 0) {
    c.secure_prefix = c.secure;
    c.prefix_violation = !c.secure;
  }
  return c;
}

}  // namespace checker
