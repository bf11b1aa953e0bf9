// Certificates issued, written, read back and verified (certificate.h).

#include "checker/certificate.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "checker/dates.h"
#include "checker/encoding.h"
#include "checker/source.h"

namespace checker {

namespace {

using Json = nlohmann::json;  // std::map objects: keys sorted, so dump() is canonical

constexpr const char* kFormat = "checker-certificate/v1";

// "1y", "6m", "90d", "2w" as well as the rules' "1 year", "6 months".
std::optional<Duration> ParseValidity(std::string_view text) {
  if (auto d = ParseDuration(text)) return d;
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const char* word = unit == 'y'   ? " year"
                     : unit == 'm' ? " month"
                     : unit == 'w' ? " week"
                     : unit == 'd' ? " day"
                                   : nullptr;
  if (word == nullptr) return std::nullopt;
  return ParseDuration(std::string(text.substr(0, text.size() - 1)) + word);
}

std::vector<CertificateCondition> Conditions(const AuditResult& report) {
  std::vector<CertificateCondition> conditions;
  for (const auto& f : report.findings) {
    const char* kind = nullptr;
    if (f.outcome == Outcome::kLegalReview)
      kind = "gray_zone";
    else if (f.outcome == Outcome::kManual && f.level == Level::kMust)
      kind = "attestation";
    else if (f.level == Level::kShould && IsFailing(f.outcome))
      kind = "should_rule";
    if (kind != nullptr)
      conditions.push_back(
          {kind, f.rule_id, f.title.Get(Language::kEn), f.title.Get(Language::kJa)});
  }
  return conditions;
}

// The score as text with one decimal ("93.4", "100.0"): a number would be written "100.0" here
// and "100" by a browser's JSON, and the signed bytes must be the same in both.
std::string ScoreText(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", score);
  return buffer;
}

Json Members(const Certificate& c) {
  Json packs = Json::array();
  for (const auto& p : c.packs)
    packs.push_back(
        {{"id", p.pack_id}, {"version", p.version}, {"edition", p.edition}, {"sha256", p.sha256}});
  Json conditions = Json::array();
  for (const auto& k : c.conditions)
    conditions.push_back({{"kind", k.kind},
                          {"rule_id", k.rule_id},
                          {"title_en", k.title_en},
                          {"title_ja", k.title_ja}});
  return Json{
      {"format", kFormat},
      {"certificate_id", c.id},
      {"service", {{"id", c.service_id}, {"name", c.service_name}, {"operator", c.operator_name}}},
      {"profile", c.profile},
      {"packs", packs},
      {"decision", c.decision},
      {"grade", c.grade},
      {"score", ScoreText(c.score)},
      {"conditions", conditions},
      {"audit_date", c.audit_date},
      {"report_sha256", c.report_sha256},
      {"issued", c.issued},
      {"expires", c.expires},
      {"surveillance", c.surveillance},
      {"issuer_key_sha256", c.issuer_key_sha256}};
}

// Strict reading: exactly these members, each a string (or as `kinds` says).
bool ExactStrings(const Json& object, std::initializer_list<const char*> members,
                  const std::string& where, std::string* error) {
  if (!object.is_object() || object.size() != members.size()) {
    *error = where + " does not hold exactly its members";
    return false;
  }
  for (const char* m : members)
    if (!object.contains(m) || !object[m].is_string()) {
      *error = where + " member " + m + " is missing or not a string";
      return false;
    }
  return true;
}

}  // namespace

std::optional<Certificate> IssueCertificate(const AuditResult& report,
                                            std::string_view report_sha256,
                                            const CertificateTerms& terms, const Ed25519Key& key,
                                            std::vector<std::string>* refusal) {
  const CertDecision decision = report.certification.decision;
  if (decision != CertDecision::kCertified && decision != CertDecision::kConditional) {
    refusal->push_back("the audit's decision is " + std::string(DecisionName(decision)) +
                       "; only a certified or conditional audit can be certified");
    for (const auto& r : report.certification.reasons) refusal->push_back(r);
  }
  if (report.subject.service_id.empty())
    refusal->push_back(
        "the report names no service id (service.id in the manifest): a "
        "certificate must say which service it certifies");
  auto issued = ParseIsoDate(terms.issued);
  if (!issued || !IsIsoDate(terms.issued))
    refusal->push_back("the issue date '" + terms.issued + "' is not a date (YYYY-MM-DD)");
  auto validity = ParseValidity(terms.valid_for);
  if (!validity || validity->count <= 0)
    refusal->push_back("the validity '" + terms.valid_for +
                       "' is not a duration (1y, 6m, 90d, or 1 year, 6 months, 90 days)");
  std::optional<Duration> every;
  if (!terms.surveil_every.empty()) {
    every = ParseValidity(terms.surveil_every);
    if (!every || every->count <= 0)
      refusal->push_back("the surveillance interval '" + terms.surveil_every +
                         "' is not a duration");
  }
  if (!report.audit_date.empty() && issued && IsIsoDate(report.audit_date) &&
      DaysFromCivil(*issued) < DaysFromCivil(*ParseIsoDate(report.audit_date)))
    refusal->push_back("the issue date " + terms.issued + " is before the audit date " +
                       report.audit_date);
  if (!refusal->empty()) return std::nullopt;

  Certificate c;
  c.service_id = report.subject.service_id;
  c.service_name = report.subject.service_name;
  c.operator_name = report.subject.operator_name;
  c.profile = report.profile_id;
  c.packs = report.rule_sources;
  c.decision = std::string(DecisionName(decision));
  c.grade = std::string(GradeName(report.certification.grade));
  c.score = report.certification.score;
  c.conditions = Conditions(report);
  c.audit_date = report.audit_date;
  c.report_sha256 = std::string(report_sha256);
  c.issued = terms.issued;
  // Valid through the day before the same date a term later.
  c.expires = FormatIsoDate(After(After(*issued, *validity), Duration{-1, Duration::Unit::kDays}));
  Duration half =
      validity->unit == Duration::Unit::kMonths && validity->count % 2 == 0
          ? Duration{validity->count / 2, Duration::Unit::kMonths}
          : Duration{(DaysFromCivil(After(*issued, *validity)) - DaysFromCivil(*issued)) / 2,
                     Duration::Unit::kDays};
  c.surveillance = FormatIsoDate(After(*issued, every ? *every : half));
  c.issuer_key_sha256 = key.PublicKeySha256();
  c.id = "CHK-" +
         Sha256Hex(c.report_sha256 + "\n" + c.issued + "\n" + c.issuer_key_sha256).substr(0, 16);
  c.signature = Base64(key.Sign(CertificatePayload(c)));
  return c;
}

std::string CertificatePayload(const Certificate& c) { return Members(c).dump(); }

std::string CertificateToJson(const Certificate& c) {
  Json doc = Members(c);
  doc["signature"] = c.signature;
  return doc.dump(2) + "\n";
}

std::optional<Certificate> CertificateFromJson(std::string_view text, std::string* error) {
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    *error = "not a certificate (a JSON object)";
    return std::nullopt;
  }
  Json strings = doc;
  for (const char* other : {"service", "packs", "conditions"}) strings.erase(other);
  if (!ExactStrings(
          strings,
          {"format", "certificate_id", "profile", "decision", "grade", "score", "audit_date",
           "report_sha256", "issued", "expires", "surveillance", "issuer_key_sha256", "signature"},
          "the certificate", error))
    return std::nullopt;
  if (doc["format"] != kFormat) {
    *error = "not a certificate of this format (format: " + doc["format"].get<std::string>() + ")";
    return std::nullopt;
  }
  if (!doc.contains("service") ||
      !ExactStrings(doc["service"], {"id", "name", "operator"}, "the certificate's service", error))
    return std::nullopt;
  double score = 0;
  {
    const std::string text = doc["score"];
    char* end = nullptr;
    score = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(score) ||
        ScoreText(score) != text) {
      *error = "the certificate's score '" + text + "' is not a score with one decimal";
      return std::nullopt;
    }
  }
  if (!doc.contains("packs") || !doc["packs"].is_array() || !doc.contains("conditions") ||
      !doc["conditions"].is_array()) {
    *error = "the certificate's packs or conditions are missing or not lists";
    return std::nullopt;
  }
  Certificate c;
  for (const auto& p : doc["packs"]) {
    if (!ExactStrings(p, {"id", "version", "edition", "sha256"}, "a certificate pack", error))
      return std::nullopt;
    c.packs.push_back({p["id"], p["version"], p["edition"], p["sha256"]});
  }
  for (const auto& k : doc["conditions"]) {
    if (!ExactStrings(k, {"kind", "rule_id", "title_en", "title_ja"}, "a certificate condition",
                      error))
      return std::nullopt;
    c.conditions.push_back({k["kind"], k["rule_id"], k["title_en"], k["title_ja"]});
  }
  c.id = doc["certificate_id"];
  c.service_id = doc["service"]["id"];
  c.service_name = doc["service"]["name"];
  c.operator_name = doc["service"]["operator"];
  c.profile = doc["profile"];
  c.decision = doc["decision"];
  c.grade = doc["grade"];
  c.score = score;
  c.audit_date = doc["audit_date"];
  c.report_sha256 = doc["report_sha256"];
  c.issued = doc["issued"];
  c.expires = doc["expires"];
  c.surveillance = doc["surveillance"];
  c.issuer_key_sha256 = doc["issuer_key_sha256"];
  c.signature = doc["signature"];
  for (const std::string* date : {&c.issued, &c.expires, &c.surveillance})
    if (!IsIsoDate(*date)) {
      *error = "the certificate's date '" + *date + "' is not a date (YYYY-MM-DD)";
      return std::nullopt;
    }
  return c;
}

std::vector<std::string> VerifyCertificate(const Certificate& c, const Ed25519Key& key) {
  std::vector<std::string> problems;
  if (c.issuer_key_sha256 != key.PublicKeySha256())
    problems.push_back("the certificate names another issuer key (" + c.issuer_key_sha256 + ")");
  auto signature = FromBase64(c.signature);
  if (!signature || !key.Verify(CertificatePayload(c), *signature))
    problems.push_back(
        "the certificate's signature does not verify with the issuer's public key: "
        "it was altered, or signed by another key");
  return problems;
}

}  // namespace checker
