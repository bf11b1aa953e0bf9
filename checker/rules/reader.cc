#include "rules/reader.h"

#include <algorithm>
#include <filesystem>

namespace checker::rules {

namespace {

constexpr std::string_view kFileKinds[] = {"pack", "checks", "profiles"};
constexpr std::string_view kPackFileKeys[] = {"kind", "pack", "rules"};
constexpr std::string_view kChecksFileKeys[] = {"kind", "checks"};
constexpr std::string_view kProfilesFileKeys[] = {"kind", "profiles"};
constexpr std::string_view kPackKeys[] = {"id",     "version",        "title",      "issuer",
                                          "source", "effective_date", "description"};
constexpr std::string_view kSourceKeys[] = {"document", "edition", "url", "published"};
constexpr std::string_view kRuleKeys[] = {
    "id",    "title",        "description", "citation", "level",      "severity", "category",
    "check", "applies_when", "remediation", "tags",     "confidence", "absent"};
constexpr std::string_view kCitationKeys[] = {"document", "section", "url", "confidence"};
constexpr std::string_view kAbsentKeys[] = {"verdict", "reason"};
constexpr std::string_view kAbsentVerdicts[] = {"fail"};
constexpr std::string_view kSeverities[] = {"critical", "high", "medium", "low", "info"};
constexpr std::string_view kConfidence[] = {"confirmed", "unconfirmed"};
constexpr std::string_view kCheckTypes[] = {"manifest", "http",        "tls",
                                            "document", "attestation", "grayzone"};
constexpr std::string_view kCommonCheckKeys[] = {"id", "type", "description"};
constexpr std::string_view kManifestCheckKeys[] = {"id", "type", "description", "expect",
                                                   "reasons"};
constexpr std::string_view kGrayzoneCheckKeys[] = {
    "id",       "type",      "description",  "when",       "laws",
    "question", "authority", "facts_needed", "precedents", "options"};
constexpr std::string_view kAttestationCheckKeys[] = {"id", "type", "description", "evidence"};
constexpr std::string_view kHttpCheckKeys[] = {"id",        "type",   "description", "request",
                                               "endpoints", "expect", "reasons"};
constexpr std::string_view kTlsCheckKeys[] = {"id",        "type",   "description",
                                              "endpoints", "expect", "reasons"};
constexpr std::string_view kDocumentCheckKeys[] = {"id",       "type",   "description", "request",
                                                   "url_path", "expect", "reasons"};
constexpr std::string_view kRequestKeys[] = {"method", "path", "headers", "scheme",
                                             "follow_redirects"};
constexpr std::string_view kMethods[] = {"GET", "HEAD", "OPTIONS"};
constexpr std::string_view kSchemes[] = {"https", "http"};

// `strict_result`: the predicate's result that counts against the vendor (false for a check,
// true for applies_when and a gray-zone `when`); default() must land there (C307).
std::optional<Expression> CompileAt(FileContext& ctx, const Node& node, std::string_view key,
                                    const ExprLimits& limits, bool strict_result) {
  if (node.kind != NodeKind::kString) {
    ctx.Error(DiagCode::kWrongType, node.position,
              "'" + std::string(key) + "' must be an expression string, found " +
                  std::string(KindArticle(node.kind)));
    return std::nullopt;
  }
  uint32_t continuation_column = 1;
  SourceLocation origin = ctx.ContentStart(node, &continuation_column);
  auto e = Expression::Compile(node.text, origin, ctx.sink, limits, continuation_column);
  if (!e || !e->CheckDefaults(strict_result, ctx.sink)) ctx.ok = false;
  return e;
}

std::vector<Citation> ReadCitations(FileContext& ctx, const Node& node) {
  std::vector<Citation> out;
  auto one = [&](const Node& n) {
    Fields f(ctx, n, "citation", kCitationKeys);
    if (!f.is_map()) return;
    Citation c;
    c.document = f.String("document", true).value_or("");
    c.section = f.String("section", true).value_or("");
    c.url = f.String("url", false).value_or("");
    c.unconfirmed = f.Enum("confidence", kConfidence, false).value_or("confirmed") == "unconfirmed";
    out.push_back(std::move(c));
  };
  if (node.is_list()) {
    for (const auto& item : node.items) one(item);
  } else {
    one(node);
  }
  return out;
}

// `absent: {verdict: fail, reason: {ja, en}}`: absence of the check's evidence is a violation.
std::optional<AbsenceVerdict> ReadAbsent(FileContext& ctx, const Node& node) {
  Fields f(ctx, node, "'absent' declaration {verdict: fail, reason: {ja, en}}", kAbsentKeys);
  if (!f.is_map()) return std::nullopt;
  auto verdict = f.Enum("verdict", kAbsentVerdicts, true);
  AbsenceVerdict out;
  out.reason = f.Text("reason", true);
  out.location = ctx.At(node.position);
  if (!verdict || out.reason.empty()) return std::nullopt;
  return out;
}

std::optional<RuleItem> ReadRule(FileContext& ctx, const Node& node, const Pack& pack,
                                 const ExprLimits& limits) {
  bool was_ok = ctx.ok;
  ctx.ok = true;
  RuleItem item;
  Rule& r = item.rule;
  Fields f(ctx, node, "rule", kRuleKeys);
  if (!f.is_map()) {
    ctx.ok = was_ok && ctx.ok;
    return std::nullopt;
  }
  r.pack_id = pack.id;
  r.location = ctx.At(node.position);
  if (auto id = f.Id("id", true)) {
    r.id = *id;
    item.id_position = f.Get("id")->position;
    if (!pack.id.empty() && r.id.rfind(pack.id + ".", 0) != 0) {
      ctx.Error(DiagCode::kInvalidId, f.Get("id")->position,
                "rule id '" + r.id + "' must start with its pack's id '" + pack.id + ".'");
    }
  }
  r.title = f.Text("title", true);
  r.description = f.Text("description", false);
  if (const Node* c = f.Require("citation")) r.citations = ReadCitations(ctx, *c);
  if (auto level = f.Enum("level", kLevelNames, true)) r.level = *ParseLevel(*level);
  if (auto s = f.Enum("severity", kSeverities, true)) r.severity = *ParseRuleSeverity(*s);
  r.category = f.String("category", true).value_or("");
  if (const Node* when = f.Get("applies_when"))
    r.applies_when = CompileAt(ctx, *when, "applies_when", limits, true);
  if (const Node* check = f.Require("check")) {
    if (check->is_map() && check->Find("ref") != nullptr) {
      static constexpr std::string_view kRefKeys[] = {"ref"};
      Fields ref(ctx, *check, "check reference", kRefKeys);
      item.check_ref = ref.String("ref", true).value_or("");
      item.ref_position = check->Find("ref")->position;
    } else {
      item.inline_check = ReadCheck(ctx, *check, false, limits);
    }
  }
  r.remediation = f.Text("remediation", true);
  r.tags = f.StringList("tags");
  r.confidence = f.Enum("confidence", kConfidence, false).value_or("confirmed");
  if (const Node* absent = f.Get("absent")) r.absent = ReadAbsent(ctx, *absent);
  item.ok = ctx.ok;
  ctx.ok = was_ok && ctx.ok;
  return item;
}

void ReadPack(FileContext& ctx, const Fields& file, const Node& root, const ExprLimits& limits,
              FileItems& out) {
  (void)file;
  PackItem item;
  const Node* meta = root.Find("pack");
  if (meta == nullptr) {
    ctx.Error(DiagCode::kMissingField, root.position, "missing required key 'pack' in pack file");
    return;
  }
  Fields f(ctx, *meta, "pack", kPackKeys);
  if (!f.is_map()) return;
  Pack& p = item.pack;
  p.location = ctx.At(meta->position);
  if (auto id = f.Id("id", true)) {
    p.id = *id;
    item.id_position = f.Get("id")->position;
  }
  p.version = f.String("version", true).value_or("");
  p.title = f.Text("title", true);
  p.issuer = f.String("issuer", true).value_or("");
  if (const Node* source = f.Require("source")) {
    Fields s(ctx, *source, "source", kSourceKeys);
    if (s.is_map()) {
      p.source.document = s.String("document", true).value_or("");
      p.source.edition = s.String("edition", true).value_or("");
      p.source.url = s.String("url", false).value_or("");
    }
  }
  p.effective_date = f.Date("effective_date", true).value_or("");
  p.directory = std::filesystem::path(ctx.doc.source_name).parent_path().string();
  p.sha256 = ctx.doc.sha256;
  const Node* rules = root.Find("rules");
  if (rules == nullptr) {
    ctx.Error(DiagCode::kMissingField, root.position, "missing required key 'rules' in pack file");
  } else if (!rules->is_list()) {
    ctx.Error(DiagCode::kWrongType, rules->position,
              "'rules' must be a list of rules, found " + std::string(KindArticle(rules->kind)));
  } else {
    for (const auto& r : rules->items) {
      if (auto rule = ReadRule(ctx, r, p, limits)) item.rules.push_back(std::move(*rule));
    }
  }
  out.packs.push_back(std::move(item));
}

template <typename ItemFn>
void ReadList(FileContext& ctx, const Node& root, std::string_view key, ItemFn fn) {
  const Node* list = root.Find(key);
  if (list == nullptr) {
    ctx.Error(DiagCode::kMissingField, root.position,
              "missing required key '" + std::string(key) + "'");
    return;
  }
  if (!list->is_list()) {
    ctx.Error(
        DiagCode::kWrongType, list->position,
        "'" + std::string(key) + "' must be a list, found " + std::string(KindArticle(list->kind)));
    return;
  }
  for (const auto& item : list->items) fn(item);
}

void ReadRequest(FileContext& ctx, const Node& node, ProbeRequest& r) {
  Fields f(ctx, node, "request", kRequestKeys);
  if (!f.is_map()) return;
  r.method = f.Enum("method", kMethods, false).value_or("GET");
  if (auto path = f.String("path", false)) {
    if (path->empty() || (*path)[0] != '/') {
      ctx.Error(DiagCode::kInvalidValue, f.Get("path")->position,
                "'path' must start with '/' (requests go only to the audited endpoints)");
    } else {
      r.path = *path;
    }
  }
  r.scheme = f.Enum("scheme", kSchemes, false).value_or("https");
  if (const Node* follow = f.Get("follow_redirects")) {
    if (follow->kind != NodeKind::kBool) {
      ctx.Error(DiagCode::kWrongType, follow->position, "'follow_redirects' must be true or false");
    } else {
      r.follow_redirects = follow->boolean;
    }
  }
  if (const Node* headers = f.Get("headers")) {
    if (!headers->is_map()) {
      ctx.Error(DiagCode::kWrongType, headers->position,
                "'headers' must map header names to values");
      return;
    }
    for (const auto& m : headers->members) {
      if (m.value.kind != NodeKind::kString || m.key.find_first_of(" :\r\n") != std::string::npos ||
          m.value.text.find_first_of("\r\n") != std::string::npos) {
        ctx.Error(DiagCode::kInvalidValue, m.value.position,
                  "header '" + m.key + "' needs a single-line string value");
        continue;
      }
      r.headers.emplace_back(m.key, m.value.text);
    }
  }
}

void ReadProbeCheck(FileContext& ctx, Fields& f, Check& c, const ExprLimits& limits) {
  if (const Node* e = f.Require("expect")) c.expect = CompileAt(ctx, *e, "expect", limits, false);
  if (c.type != CheckType::kTls) {
    if (const Node* request = f.Get("request")) ReadRequest(ctx, *request, c.request);
  }
  if (c.type == CheckType::kDocument) {
    c.url_path = f.String("url_path", true).value_or("");
  } else {
    c.endpoint_purposes = f.StringList("endpoints");
  }
}

// reasons: {PATH: {ja: ..., en: ...}}: each text may use only the placeholders a reason fills.
void ReadReasons(FileContext& ctx, Fields& f, Check& c) {
  const Node* reasons = f.Get("reasons");
  if (reasons == nullptr) return;
  if (!reasons->is_map()) {
    ctx.Error(DiagCode::kWrongType, reasons->position,
              "'reasons' must map a condition's path to {ja: ..., en: ...}");
    return;
  }
  static constexpr std::string_view kPlaceholders[] = {"value",    "path",   "item",
                                                       "expected", "header", "endpoint"};
  Fields holder(ctx, *reasons, "reasons", {}, false);
  for (const auto& m : reasons->members) {
    ReasonTemplate t;
    t.key = m.key;
    t.location = ctx.At(m.key_position);
    t.text = holder.Text(m.key, true);
    for (const std::string* text : {&t.text.ja, &t.text.en}) {
      for (size_t open = text->find('{'); open != std::string::npos;
           open = text->find('{', open + 1)) {
        size_t close = text->find('}', open);
        std::string_view name = close == std::string::npos
                                    ? std::string_view(*text).substr(open)
                                    : std::string_view(*text).substr(open + 1, close - open - 1);
        if (std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) ==
            std::end(kPlaceholders))
          ctx.Error(DiagCode::kInvalidValue, m.value.position,
                    "unknown placeholder '{" + std::string(name) +
                        "}' in a reason; use {value}, {path}, {item}, {expected}, {header} or "
                        "{endpoint}" +
                        DidYouMean(name, kPlaceholders));
      }
    }
    c.reasons.push_back(std::move(t));
  }
}

}  // namespace

std::optional<Check> ReadCheck(FileContext& ctx, const Node& node, bool shared,
                               const ExprLimits& limits) {
  if (!node.is_map()) {
    ctx.Error(
        DiagCode::kWrongType, node.position,
        "'check' must be a mapping with a 'type', found " + std::string(KindArticle(node.kind)));
    return std::nullopt;
  }
  Fields common(ctx, node, "check", kCommonCheckKeys, false);
  auto type_name = common.Enum("type", kCheckTypes, true);
  if (!type_name) return std::nullopt;
  Check c;
  c.type = *ParseCheckType(*type_name);
  c.spec = node;
  c.location = ctx.At(node.position);
  std::span<const std::string_view> keys;
  switch (c.type) {
    case CheckType::kManifest:
      keys = kManifestCheckKeys;
      break;
    case CheckType::kGrayzone:
      keys = kGrayzoneCheckKeys;
      break;
    case CheckType::kAttestation:
      keys = kAttestationCheckKeys;
      break;
    case CheckType::kHttp:
      keys = kHttpCheckKeys;
      break;
    case CheckType::kTls:
      keys = kTlsCheckKeys;
      break;
    case CheckType::kDocument:
      keys = kDocumentCheckKeys;
      break;
  }
  Fields f(ctx, node, std::string(*type_name) + " check", keys, !keys.empty());
  if (shared) {
    if (auto id = f.Id("id", true)) c.id = *id;
  } else if (f.Get("id") != nullptr) {
    ctx.Error(DiagCode::kUnknownKey, f.KeyPosition("id"),
              "an inline check has no 'id'; define shared checks in a 'checks' file");
  }
  c.description = f.String("description", false).value_or("");
  ReadReasons(ctx, f, c);
  if (c.type == CheckType::kManifest) {
    if (const Node* e = f.Require("expect")) c.expect = CompileAt(ctx, *e, "expect", limits, false);
  } else if (c.type == CheckType::kGrayzone) {
    if (const Node* e = f.Require("when")) c.expect = CompileAt(ctx, *e, "when", limits, true);
    ReadGrayzoneCase(ctx, f);
  } else if (c.type == CheckType::kAttestation) {
    f.Text("evidence", true);
  } else {
    ReadProbeCheck(ctx, f, c, limits);
  }
  return c;
}

void ReadRuleFile(FileContext& ctx, const ExprLimits& limits, FileItems& out) {
  const Node& root = ctx.doc.root;
  if (!root.is_map()) {
    ctx.Error(DiagCode::kWrongType, root.position,
              "a rule file must be a mapping with a 'kind', found " +
                  std::string(KindArticle(root.kind)));
    return;
  }
  static constexpr std::string_view kKindOnly[] = {"kind"};
  Fields head(ctx, root, "rule file", kKindOnly, false);
  auto kind = head.Enum("kind", kFileKinds, true);
  if (!kind) return;
  if (*kind == "pack") {
    Fields file(ctx, root, "pack file", kPackFileKeys);
    ReadPack(ctx, file, root, limits, out);
  } else if (*kind == "checks") {
    Fields file(ctx, root, "checks file", kChecksFileKeys);
    ReadList(ctx, root, "checks", [&](const Node& n) {
      bool was_ok = ctx.ok;
      ctx.ok = true;
      CheckItem item;
      if (auto c = ReadCheck(ctx, n, true, limits)) {
        item.check = std::move(*c);
        if (const Node* id = n.Find("id")) item.id_position = id->position;
        item.ok = ctx.ok;
        out.checks.push_back(std::move(item));
      }
      ctx.ok = was_ok && ctx.ok;
    });
  } else {
    Fields file(ctx, root, "profiles file", kProfilesFileKeys);
    ReadList(ctx, root, "profiles", [&](const Node& n) { ReadProfile(ctx, n, out); });
  }
}

}  // namespace checker::rules
