#include "evaluate/probe_reasons.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "evaluate/reasons.h"

namespace checker::evaluate {

namespace {

// "content-security-policy" -> "Content-Security-Policy"
std::string HeaderName(std::string_view lower) {
  std::string out(lower);
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == '-';
  }
  return out;
}

std::string Clip(std::string s) {
  if (s.size() > 200) s = s.substr(0, 197) + "...";
  return s;
}

std::string Header(const Node& doc, std::string_view lower) {
  const Node* headers = doc.Find("headers");
  const Node* value = headers != nullptr ? headers->Find(lower) : nullptr;
  if (value == nullptr) return "no " + HeaderName(lower) + " header";
  return HeaderName(lower) + ": " + Clip(value->text);
}

// The n-th raw Set-Cookie header of the response.
std::string SetCookie(const Node& doc, size_t n) {
  const Node* list = doc.Find("header_list");
  if (list == nullptr) return "";
  for (const Node& h : list->items) {
    const Node* name = h.Find("name");
    const Node* value = h.Find("value");
    if (name == nullptr || value == nullptr || name->text != "set-cookie") continue;
    if (n-- == 0) return "Set-Cookie: " + Clip(value->text);
  }
  return "";
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Which response header (and which item) a condition of the observation document read.
ReasonSource SourceOf(const Node& doc, const FailedCondition& c, const std::string& target) {
  ReasonSource source;
  source.endpoint = target;
  const std::string& path = c.path;
  static const std::pair<std::string_view, std::string_view> kHeaders[] = {
      {"csp.", "content-security-policy"},
      {"hsts.", "strict-transport-security"},
      {"cors.", "access-control-allow-origin"},
      {"redirect.", "location"}};
  for (const auto& [prefix, header] : kHeaders)
    if (StartsWith(path, prefix)) source.header = Header(doc, header);
  if (StartsWith(path, "headers[\"")) {
    size_t end = path.find("\"]");
    if (end != std::string::npos) {
      std::string name = path.substr(9, end - 9);
      source.header = Header(doc, name);
      source.item = HeaderName(name);
    }
  }
  if (StartsWith(path, "cookies[") && c.item_path.size() > 8) {
    size_t n = std::strtoul(c.item_path.c_str() + 8, nullptr, 10);
    source.header = SetCookie(doc, n);
  }
  if (StartsWith(path, "banners[") && !c.item.empty()) {
    std::string lower = c.item;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    source.header = Header(doc, lower);
  }
  if (StartsWith(path, "certificate.")) {
    if (const Node* subject = doc.FindPath("certificate.subject")) source.item = subject->text;
  }
  if (path == "status") {
    if (const Node* status = doc.Find("status"))
      source.header = "HTTP status " + FormatNumber(status->number);
  }
  return source;
}

}  // namespace

std::vector<Reason> ProbeReasons(const Check& check, const Node& doc, const std::string& target,
                                 const EvalOptions& eval) {
  std::vector<Reason> out;
  std::vector<std::string> absent_headers;  // "csp." when the CSP header itself is missing
  for (const FailedCondition& c : check.expect->Explain(doc, eval)) {
    // Without the header, its other faults follow from that one and are not listed again.
    bool follows = std::any_of(absent_headers.begin(), absent_headers.end(),
                               [&](const std::string& p) { return StartsWith(c.path, p); });
    if (follows) continue;
    if (c.path.size() > 8 && c.path.ends_with(".present") && c.observed == "false")
      absent_headers.push_back(c.path.substr(0, c.path.size() - 7));
    out.push_back(MakeReason(check, c, SourceOf(doc, c, target)));
  }
  return out;
}

}  // namespace checker::evaluate
