// Set-Cookie header values (RFC 6265) and version banners.
#include "checker/http_facts.h"

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = checker::fuzz::AsText(data, size);
  (void)checker::ParseSetCookie(text);
  (void)checker::HasVersionNumber(text);
  return 0;
}
