// Recorded probe evidence (checker audit --replay EVIDENCE.json): a file a third party hands
// to a regulator must be read or refused, never trusted into a crash.
#include <string>

#include "checker/report.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  auto evidence =
      checker::ProbeEvidenceFromJson(std::string(checker::fuzz::AsText(data, size)), &error);
  if (evidence) (void)checker::ProbeEvidenceToJson(*evidence);
  return 0;
}
