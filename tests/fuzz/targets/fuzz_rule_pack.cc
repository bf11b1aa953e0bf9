// The rule-pack loader: a third party's pack (or a set of files separated by "\n#---file\n")
// loads or yields diagnostics; never a crash, a hang or unbounded memory.
#include <string>
#include <vector>

#include "checker/rule_set.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<checker::SourceText> files;
  std::string_view rest = checker::fuzz::AsText(data, size);
  while (files.size() < 8) {
    auto [file, after] = checker::fuzz::SplitOnce(rest, "\n#---file\n");
    files.push_back({"fuzz" + std::to_string(files.size()) + ".yaml", std::string(file)});
    if (after.empty()) break;
    rest = after;
  }
  checker::DiagnosticSink sink;
  checker::RuleSet rules = checker::LoadRuleSet(files, sink);
  for (const auto& profile : rules.profiles()) (void)rules.Select(profile);
  for (const auto& file : files) sink.AttachSourceLines(file.name, file.content);
  sink.Sort();
  return 0;
}
