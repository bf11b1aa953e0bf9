// JUnit XML, for CI systems: one test case per rule. fail -> <failure>, error and missing
// evidence -> <error>, not applicable / manual / legal review / waived -> <skipped>. Every
// string passes through XmlSafe: pugixml escapes markup but writes a control character as a
// character reference (&#27;), which XML 1.0 forbids.

#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "checker/report.h"
#include "checker/safe_text.h"

namespace checker {

std::string RenderJunit(const AuditResult& r) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = XmlSafe("checker audit: " + r.subject.service_name).c_str();
  std::map<std::string, std::vector<const Finding*>> by_pack;
  for (const auto& f : r.findings) by_pack[f.pack_id].push_back(&f);
  size_t total_failures = 0, total_errors = 0;
  for (const auto& [pack, findings] : by_pack) {
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = XmlSafe(pack).c_str();
    suite.append_attribute("timestamp") = XmlSafe(r.generated_at).c_str();
    size_t failures = 0, errors = 0, skipped = 0;
    for (const Finding* f : findings) {
      auto tc = suite.append_child("testcase");
      tc.append_attribute("classname") = XmlSafe(pack).c_str();
      tc.append_attribute("name") =
          XmlSafe(f->rule_id + ": " + f->title.Get(Language::kEn)).c_str();
      tc.append_attribute("time") = "0";
      const std::string message = XmlSafe(f->message);
      std::string body = f->message;
      for (const auto& e : f->evidence)
        body += "\n" + e.path + " = " + e.value +
                (e.location.known() ? " at " + e.location.ToString() : "");
      if (!f->remediation.empty()) body += "\nfix: " + f->remediation.Get(Language::kEn);
      body = XmlSafe(body);
      switch (f->outcome) {
        case Outcome::kFail: {
          ++failures;
          auto x = tc.append_child("failure");
          x.append_attribute("message") = message.c_str();
          x.append_attribute("type") = LevelName(f->level).data();
          x.text().set(body.c_str());
          break;
        }
        case Outcome::kError:
        case Outcome::kMissingEvidence: {
          ++errors;
          auto x = tc.append_child("error");
          x.append_attribute("message") = message.c_str();
          x.append_attribute("type") = OutcomeName(f->outcome).data();
          x.text().set(body.c_str());
          break;
        }
        case Outcome::kPass:
          break;
        default: {
          ++skipped;
          auto x = tc.append_child("skipped");
          x.append_attribute("message") =
              (std::string(OutcomeName(f->outcome)) + ": " + message).c_str();
        }
      }
    }
    suite.append_attribute("tests") = static_cast<unsigned>(findings.size());
    suite.append_attribute("failures") = static_cast<unsigned>(failures);
    suite.append_attribute("errors") = static_cast<unsigned>(errors);
    suite.append_attribute("skipped") = static_cast<unsigned>(skipped);
    total_failures += failures;
    total_errors += errors;
  }
  suites.append_attribute("tests") = static_cast<unsigned>(r.findings.size());
  suites.append_attribute("failures") = static_cast<unsigned>(total_failures);
  suites.append_attribute("errors") = static_cast<unsigned>(total_errors);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace checker
