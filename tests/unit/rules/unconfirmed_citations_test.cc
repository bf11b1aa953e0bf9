// The bundled packs' citations that the guideline facts (the shared guidelines folder) do not
// confirm, listed per pack so that their number stays visible: marking or confirming a citation
// changes this list on purpose. A citation counts as confirmed only when the facts state its
// document, edition and section number for what the rule cites it for (docs/packs.md).
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "checker/rule_set.h"

using namespace checker;

namespace {

using ByPack = std::map<std::string, std::vector<std::string>>;

ByPack UnconfirmedByPack() {
  DiagnosticSink sink;
  const std::vector<std::string> paths = {std::string(CHECKER_SOURCE_DIR) + "/rules"};
  auto files = ReadRuleFiles(paths, sink);
  RuleSet set = LoadRuleSet(files, sink);
  REQUIRE_FALSE(sink.has_errors());
  REQUIRE(set.rules().size() > 100);  // the packs were found, so an empty list means something

  ByPack out;
  for (const auto& rule : set.rules()) {
    out[rule.pack_id];  // every pack appears, with zero when all its citations are confirmed
    for (const auto& c : rule.citations)
      if (c.unconfirmed) out[rule.pack_id].push_back(rule.id + ": " + c.Label());
  }
  for (auto& [pack, list] : out) std::sort(list.begin(), list.end());
  return out;
}

std::string Counts(const ByPack& by_pack) {
  std::ostringstream out;
  size_t total = 0;
  for (const auto& [pack, list] : by_pack) {
    out << pack << ": " << list.size() << "\n";
    total += list.size();
  }
  out << "total: " << total;
  return out.str();
}

// The expected unconfirmed citations, per pack.
const ByPack kExpected = {
    {"appi",
     {
         "appi.breach.notify-principal: Act on the Protection of Personal Information "
         "(個人情報保護法) Art. 26(2) [unconfirmed]",
         "appi.cross-border.consent-info: Act on the Protection of Personal Information "
         "(個人情報保護法) Art. 28(2) [unconfirmed]",
         "appi.foreign-hosting.disclosed: Act on the Protection of Personal Information "
         "(個人情報保護法) Art. 32 [unconfirmed]",
     }},
    {"fhir",
     {
         "fhir.metadata.r4: HL7 FHIR R4 CapabilityStatement.fhirVersion [unconfirmed]",
         "fhir.smart.https-endpoints: HL7 SMART App Launch 2.x App Launch: endpoints "
         "[unconfirmed]",
         "fhir.smart.no-implicit: HL7 SMART App Launch 2.x App Launch: grant types [unconfirmed]",
     }},
    {"grayzone",
     {
         "grayzone.disease-risk: PMD Act (医薬品医療機器等法) Art. 2(5)-(7) (device classes); "
         "Art. 23-2-5 (approval), 23-2-23 (certification) [unconfirmed]",
         "grayzone.drug-delivery: PMD Act (医薬品医療機器等法) rules on sale and supply of drugs "
         "[unconfirmed]",
         "grayzone.drug-delivery: Pharmacists Act (薬剤師法) rules on dispensing and counselling "
         "[unconfirmed]",
         "grayzone.otc-recommendation: PMD Act (医薬品医療機器等法) rules on selling OTC drugs and "
         "informing buyers (Art. 36-9, 36-10); drug advertising (Art. 66) [unconfirmed]",
         "grayzone.otc-recommendation: Pharmacists Act (薬剤師法) Art. 1 (pharmacists' role in "
         "supplying drugs and guiding their use) [unconfirmed]",
         "grayzone.wearable-alerts: PMD Act (医薬品医療機器等法) Art. 2(5)-(7) (device classes); "
         "Art. 23-2-5 (approval), 23-2-23 (certification) [unconfirmed]",
     }},
    {"hipaa",
     {
         "hipaa.access.auto-logoff: HIPAA Security Rule, 45 CFR 164.312(a)(2)(iii) [unconfirmed]",
         "hipaa.access.emergency: HIPAA Security Rule, 45 CFR 164.312(a)(2)(ii) [unconfirmed]",
         "hipaa.access.encryption: HIPAA Security Rule, 45 CFR 164.312(a)(2)(iv) [unconfirmed]",
         "hipaa.access.unique-id: HIPAA Security Rule, 45 CFR 164.312(a)(2)(i) [unconfirmed]",
         "hipaa.audit.retention: HIPAA Security Rule, 45 CFR 164.316(b)(2) [unconfirmed]",
         "hipaa.integrity.mechanism: HIPAA Security Rule, 45 CFR 164.312(c)(1), (c)(2) "
         "[unconfirmed]",
         "hipaa.transmission.encryption: HIPAA Security Rule, 45 CFR 164.312(e)(2)(ii) "
         "[unconfirmed]",
         "hipaa.transmission.integrity: HIPAA Security Rule, 45 CFR 164.312(e)(2)(i) "
         "[unconfirmed]",
     }},
    {"mhlw6",
     {
         "mhlw6.auth.password-length: MHLW Guideline 6.0, System Operation (システム運用編) "
         "14.1.1 [unconfirmed]",
         "mhlw6.crypto.at-rest: MHLW Guideline 6.0, System Operation (システム運用編) 12 "
         "(storage protection) [unconfirmed]",
         "mhlw6.log.retention: MHLW Guideline 6.0, System Operation (システム運用編) 17 "
         "[unconfirmed]",
         "mhlw6.network.tls-client-cert: MHLW Guideline 6.0, System Operation (システム運用編) 13 "
         "(item ⑦ or ⑧) [unconfirmed]",
         "mhlw6.vuln.banner: MHLW Guideline 6.0, System Operation (システム運用編) vulnerability "
         "management [unconfirmed]",
         "mhlw6.vuln.patching: MHLW Guideline 6.0, System Operation (システム運用編) "
         "vulnerability management [unconfirmed]",
     }},
    {"phr",
     {
         "phr.mynaportal.eligibility: Basic Guideline for Private PHR Businesses "
         "(民間PHR事業者による健診等情報の取扱いに関する基本的指針) Consequences [unconfirmed]",
         "phr.security.management: Basic Guideline for Private PHR Businesses "
         "(民間PHR事業者による健診等情報の取扱いに関する基本的指針) Security (4.1) [unconfirmed]",
     }},
    {"starter",
     {
         "starter.auth.unique-ids: HIPAA Security Rule 45 CFR 164.312(a)(2)(i) [unconfirmed]",
         "starter.crypto.at-rest: HIPAA Security Rule 45 CFR 164.312(a)(2)(iv) [unconfirmed]",
         "starter.logging.retention: MHLW Guideline 6.0 System Operation 17 [unconfirmed]",
         "starter.org.security-officer: Basic Guideline for PHR Businesses (2021) Security (4.1) "
         "[unconfirmed]",
         "starter.session.idle-timeout: HIPAA Security Rule 45 CFR 164.312(a)(2)(iii) "
         "[unconfirmed]",
         "starter.session.idle-timeout: NIST SP 800-63B 4.2.3 [unconfirmed]",
     }},
    {"vendor",
     {
         "vendor.password.composition: MIC/METI Guideline for Providers of Medical Information "
         "Systems and Services 1.1 別紙2 ④-12 [unconfirmed]",
     }},
    {"web",
     {
         "web.auth.lockout: NIST SP 800-63B 5.2.2 [unconfirmed]",
         "web.cert.expiry: Mozilla Server Side TLS Certificate lifetime [unconfirmed]",
         "web.cert.hostname: RFC 6125 6 [unconfirmed]",
         "web.cert.key-strength: NIST SP 800-52 Rev. 2 3.2.1 [unconfirmed]",
         "web.cert.valid-chain: NIST SP 800-52 Rev. 2 3.2 [unconfirmed]",
         "web.disclosure.security-txt: RFC 9116 2.5, 3 [unconfirmed]",
         "web.http.cookies: OWASP ASVS 4.0.3 V3.4.1-V3.4.3 [unconfirmed]",
         "web.http.csp: Mozilla Web Security Guidelines Content Security Policy [unconfirmed]",
         "web.http.csp: OWASP ASVS 4.0.3 V14.4.3 [unconfirmed]",
         "web.http.framing: OWASP ASVS 4.0.3 V14.4.7 [unconfirmed]",
         "web.http.hsts: OWASP ASVS 4.0.3 V14.4.5 [unconfirmed]",
         "web.http.nosniff: OWASP ASVS 4.0.3 V14.4.4 [unconfirmed]",
         "web.http.referrer-policy: OWASP ASVS 4.0.3 V14.4.6 [unconfirmed]",
         "web.session.timeouts: NIST SP 800-63B 4.2.3 (AAL2) [unconfirmed]",
         "web.tls.weak-ciphers: NIST SP 800-52 Rev. 2 3.3.1 [unconfirmed]",
     }},
};

}  // namespace

TEST_CASE("bundled packs: the unconfirmed citations are exactly the expected list",
          "[rules][citations]") {
  const ByPack actual = UnconfirmedByPack();
  // Printed on every run, so the number of unconfirmed citations per pack is visible in CI logs.
  WARN("unconfirmed citations per pack:\n" << Counts(actual));

  for (const auto& [pack, list] : actual) {
    INFO("pack " << pack);
    auto expected = kExpected.find(pack);
    REQUIRE(expected != kExpected.end());
    CHECK(list == expected->second);
  }
  for (const auto& [pack, list] : kExpected) {
    INFO("expected pack " << pack);
    CHECK(actual.count(pack) == 1);
  }
  CHECK(Counts(actual) == Counts(kExpected));
}

// A gray-zone check's laws and precedents are what the case file puts before a regulator: those the
// guideline facts do not confirm are listed too (every precedent's public identifier among them).
TEST_CASE("bundled gray-zone checks: the unconfirmed laws and precedents are exactly the list",
          "[rules][citations]") {
  DiagnosticSink sink;
  const std::vector<std::string> paths = {std::string(CHECKER_SOURCE_DIR) + "/rules"};
  auto files = ReadRuleFiles(paths, sink);
  RuleSet set = LoadRuleSet(files, sink);
  REQUIRE_FALSE(sink.has_errors());

  auto unconfirmed = [](const Node& item) {
    const Node* c = item.Find("confidence");
    return c != nullptr && c->text == "unconfirmed";
  };
  std::vector<std::string> laws;
  size_t precedents = 0;
  size_t unconfirmed_precedents = 0;
  for (const auto& rule : set.rules()) {
    if (rule.check->type != CheckType::kGrayzone) continue;
    if (const Node* list = rule.check->spec.Find("laws"))
      for (const auto& law : list->items)
        if (unconfirmed(law))
          laws.push_back(rule.id + ": " + law.Find("law")->text + " " + law.Find("article")->text);
    if (const Node* list = rule.check->spec.Find("precedents")) {
      for (const auto& p : list->items) {
        ++precedents;
        if (unconfirmed(p)) ++unconfirmed_precedents;
      }
    }
  }
  std::sort(laws.begin(), laws.end());
  const std::vector<std::string> expected = {
      "grayzone.disease-risk: 医薬品医療機器等法 2条5項〜7項, 23条の2の5, 23条の2の23",
      "grayzone.drug-delivery: 医薬品医療機器等法 (article unconfirmed)",
      "grayzone.drug-delivery: 薬剤師法 (article unconfirmed)",
      "grayzone.otc-recommendation: 医薬品医療機器等法 36条の9, 36条の10 "
      "(一般用医薬品の販売と情報提供), "
      "66条 (広告)",
      "grayzone.otc-recommendation: 薬剤師法 1条",
      "grayzone.wearable-alerts: 医薬品医療機器等法 2条5項〜7項, 23条の2の5, 23条の2の23",
  };
  CHECK(laws == expected);
  // The guideline facts give dates and subjects of published answers, never their identifiers.
  CHECK(precedents == 7);
  CHECK(unconfirmed_precedents == precedents);
}
