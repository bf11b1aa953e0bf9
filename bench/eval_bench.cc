// Rule-evaluation throughput: decisions ((rule, manifest) evaluations) per second on one thread,
// over 1,000 generated manifests and every manifest and gray-zone rule of the bundled packs.
// Per core means per CPU second of the evaluating thread, so that a busy machine does not halve
// the figure; wall time is printed beside it. Prints figures; asserts nothing.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/rule_set.h"

#include "bench/cpu_seconds.h"

using namespace checker;

namespace {

std::string GenerateManifest(std::mt19937& rng, int i) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* countries[] = {"JP", "JP", "JP", "SG", "US"};
  const char* tamper[] = {"hash_chain", "worm", "none"};
  const char* tls[] = {"1.2", "1.3", "1.0"};
  std::string m;
  m += "service:\n  id: vendor-" + std::to_string(i) + "\n  name: Vendor " + std::to_string(i) +
       "\n  type: phr\n  features: [diary" + (pick(10) == 0 ? ", symptom_checker" : "") + "]\n";
  m += "data_categories:\n  - {id: checkup, special_care: " +
       std::string(pick(2) ? "true" : "false") + "}\n";
  m += "storage:\n  location: {country: " + std::string(countries[pick(5)]) +
       "}\n  legal_retention_records: " + (pick(2) ? "true" : "false") +
       "\n  encryption: {at_rest: " + (pick(8) ? "true" : "false") + "}\n";
  m += "transmission: {tls_min_version: \"" + std::string(tls[pick(3)]) + "\"}\n";
  m += "auth:\n  unique_user_ids: true\n  mfa:\n    enabled: " +
       std::string(pick(3) ? "true" : "false") +
       "\n    factor_types: [knowledge, possession]\n    required_for: [remote, admin]\n";
  m += "session: {idle_timeout_min: " + std::to_string(5 + pick(60)) + "}\n";
  m += "remote_access: {enabled: " + std::string(pick(2) ? "true" : "false") + "}\n";
  m += "logging:\n  access_log:\n    enabled: true\n    fields: [user_id, login_at, duration, "
       "resource_id" +
       std::string(pick(4) ? ", action" : "") + "]\n  tamper_protection: " + tamper[pick(3)] +
       "\n  retention_days: " + std::to_string(90 + pick(2000)) + "\n";
  m += "backup: {generations: " + std::to_string(1 + pick(10)) +
       ", offline_or_immutable: " + (pick(2) ? "true" : "false") + "}\n";
  m += "incident:\n  ppc: {prelim_days: " + std::to_string(1 + pick(8)) +
       ", final_days: 30}\n  principal_notify: true\n";
  m += "consent: {special_care_optin: " + std::string(pick(5) ? "true" : "false") + "}\n";
  m += "third_party: {provision: true, mechanism: " + std::string(pick(4) ? "consent" : "opt_out") +
       "}\n";
  if (pick(3) == 0) m += "cross_border:\n  - {country: US, basis: consent}\n";
  m += "certifications: [" + std::string(pick(3) ? "ISMS" : "SOC2") + "]\n";
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules_dir = argc > 1 ? argv[1] : CHECKER_SOURCE_DIR "/rules";
  DiagnosticSink sink;
  std::vector<std::string> paths{rules_dir};
  auto files = ReadRuleFiles(paths, sink);
  RuleSet rules = LoadRuleSet(files, sink);
  if (sink.has_errors()) {
    std::fprintf(stderr, "rules have errors\n");
    return 2;
  }
  std::vector<SelectedRule> selection;
  for (const auto& s : rules.SelectPacks({}))
    if (s.rule->check->type == CheckType::kManifest || s.rule->check->type == CheckType::kGrayzone)
      selection.push_back(s);

  std::mt19937 rng(42);
  std::vector<Document> manifests;
  auto parse_start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    auto doc = ParseDocument({"m" + std::to_string(i) + ".yaml", GenerateManifest(rng, i)},
                             DocumentFormat::kYaml, {}, sink);
    if (!doc) {
      std::fprintf(stderr, "generated manifest %d does not parse\n", i);
      return 2;
    }
    manifests.push_back(std::move(*doc));
  }
  double parse_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - parse_start).count();

  const int rounds = 20;
  std::map<Outcome, size_t> outcomes;
  size_t evaluations = 0;
  auto start = std::chrono::steady_clock::now();
  double cpu_start = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
  for (int round = 0; round < rounds; ++round) {
    for (const auto& m : manifests) {
      for (const auto& s : selection) {
        Decision d = DecideRule(*s.rule, m);
        if (round == 0) outcomes[d.outcome]++;
        ++evaluations;
      }
    }
  }
  double cpu = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rules: %zu manifest/grayzone rules; manifests: 1000 (parsed in %.3f s)\n",
              selection.size(), parse_s);
  std::printf("decisions: %zu in %.3f s CPU (%.3f s wall) on one thread\n", evaluations, cpu,
              seconds);
  std::printf("throughput: %.0f decisions per second per core\n",
              static_cast<double>(evaluations) / cpu);
  std::printf("aim: 2,000,000 per second per core: %.2fx\n",
              static_cast<double>(evaluations) / cpu / 2e6);
  std::printf("outcomes of one round:");
  for (const auto& [o, n] : outcomes)
    std::printf(" %s=%zu", std::string(OutcomeName(o)).c_str(), n);
  std::printf("\n");
  return 0;
}
