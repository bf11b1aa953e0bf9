// Bounded evidence: a body no rule reads, or one beyond the audit's evidence cap, is kept as its
// SHA-256, length and a short excerpt; binary bodies are stored as base64, never as escaped text.

#include "checker/observation.h"

#include <algorithm>

#include "checker/safe_text.h"

namespace checker {

bool BodyIsText(std::string_view body) {
  for (size_t i = 0; i < body.size();) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) return false;
    size_t n = Utf8SequenceLength(body.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t StoredBodyBytes(std::string_view body) {
  return BodyIsText(body) ? body.size() : (body.size() + 2) / 3 * 4;
}

void KeepBodyExcerpt(HttpObservation& o, std::string why) {
  if (o.body.size() <= kBodyExcerptBytes) return;
  bool text = BodyIsText(o.body);
  o.body.resize(kBodyExcerptBytes);
  if (text) {  // do not cut a UTF-8 sequence in half
    while (!o.body.empty() && (static_cast<unsigned char>(o.body.back()) & 0xC0) == 0x80)
      o.body.pop_back();
    if (!o.body.empty() && (static_cast<unsigned char>(o.body.back()) & 0x80) != 0)
      o.body.pop_back();
  }
  o.body.shrink_to_fit();
  o.body_omitted = std::move(why);
}

void EvidenceBudget::Charge(HttpObservation& o) {
  if (!o.body_omitted.empty()) {
    used_ += StoredBodyBytes(o.body);
    return;
  }
  size_t bytes = StoredBodyBytes(o.body);
  if (used_ + bytes <= max_) {
    used_ += bytes;
    return;
  }
  KeepBodyExcerpt(o, "the evidence cap of " + std::to_string(max_) +
                         " bytes of bodies (--max-evidence-bytes) was reached");
  if (!o.body_omitted.empty()) ++cut_;
  used_ += StoredBodyBytes(o.body);
}

std::string EvidenceBudget::Note() const {
  if (cut_ == 0) return "";
  return std::to_string(cut_) + " response bod" + (cut_ == 1 ? "y" : "ies") +
         " beyond the evidence cap of " + std::to_string(max_) +
         " bytes (--max-evidence-bytes) kept only as SHA-256, length and a " +
         std::to_string(kBodyExcerptBytes) +
         "-byte excerpt: a replay decides rules that read them as missing_evidence";
}

}  // namespace checker
