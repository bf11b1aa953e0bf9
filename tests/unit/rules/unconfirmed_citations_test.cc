// The bundled packs' citations that the guideline facts do not confirm, listed so that their number
// stays visible: marking or confirming a citation changes this list on purpose.
#include <algorithm>
#include <catch2/catch.hpp>

#include "checker/rule_set.h"

using namespace checker;

TEST_CASE("bundled packs: the unconfirmed citations are exactly the expected list",
          "[rules][citations]") {
  DiagnosticSink sink;
  const std::vector<std::string> paths = {std::string(CHECKER_SOURCE_DIR) + "/rules"};
  auto files = ReadRuleFiles(paths, sink);
  RuleSet set = LoadRuleSet(files, sink);
  REQUIRE_FALSE(sink.has_errors());

  std::vector<std::string> unconfirmed;
  for (const auto& rule : set.rules())
    for (const auto& c : rule.citations)
      if (c.unconfirmed) unconfirmed.push_back(rule.id + ": " + c.Label());
  std::sort(unconfirmed.begin(), unconfirmed.end());

  const std::vector<std::string> expected = {
      "appi.foreign-hosting.disclosed: Act on the Protection of Personal Information "
      "(個人情報保護法) "
      "Art. 32 [unconfirmed]",
      "grayzone.drug-delivery: PMD Act (医薬品医療機器等法) rules on sale and supply of drugs "
      "[unconfirmed]",
      "grayzone.drug-delivery: Pharmacists Act (薬剤師法) rules on dispensing and counselling "
      "[unconfirmed]",
      "grayzone.wearable-alerts: PMD Act (医薬品医療機器等法) Art. 2(5)-(7) (device classes); "
      "Art. 23-2-5 (approval), 23-2-23 (certification) [unconfirmed]",
      "mhlw6.crypto.at-rest: MHLW Guideline 6.0, System Operation (システム運用編) 12 (storage "
      "protection) [unconfirmed]",
      "mhlw6.network.tls-client-cert: MHLW Guideline 6.0, System Operation (システム運用編) 13 "
      "(item "
      "⑦ or ⑧) [unconfirmed]",
  };
  CHECK(unconfirmed == expected);
  CHECK(unconfirmed.size() == expected.size());
}
