// security.txt files (RFC 9116) and the RFC 3339 dates in them.
#include "checker/http_facts.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = checker::fuzz::AsText(data, size);
  (void)checker::ParseSecurityTxt(text, 1'790'000'000);
  (void)checker::ParseRfc3339(text);
  return 0;
}
