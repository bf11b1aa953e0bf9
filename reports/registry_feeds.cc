// The registry's verification page, badges and machine-readable feeds (registry_pages.h).

#include <nlohmann/json.hpp>
#include <sstream>

#include "checker/registry_pages.h"

#include "reports/registry_page_parts.h"
#include "reports/text.h"

namespace checker {

namespace {

using Json = nlohmann::json;
using reports::EscapeHtml;
using reports::Pick;

// JSON inside <script type="application/json">: "<" written as \u003c so that no vendor string
// can close the element.
std::string ScriptSafeJson(const Json& j) {
  std::string text = j.dump(-1, ' ', false, Json::error_handler_t::replace), out;
  for (char c : text) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

}  // namespace

std::string RenderRegistryVerifyPage(const RegistryView& view, Language lang) {
  Json certificates = Json::object();
  for (const auto& s : view.services)
    for (const RegistryCertificate* c : [&] {
           std::vector<const RegistryCertificate*> all{&s.current};
           for (const auto& p : s.past) all.push_back(&p);
           return all;
         }())
      certificates[c->id] = {{"status", c->status}, {"why", c->status_why}};
  Json text = {
      {"notJson", Pick(lang, "JSON として読めません。", "This is not JSON.")},
      {"notCertificate",
       Pick(lang, "checker の証明書ではありません。", "This is not a checker certificate.")},
      {"noCrypto", Pick(lang, "このブラウザーでは署名を検証できません（WebCrypto がありません）。",
                        "This browser cannot verify signatures (no WebCrypto).")},
      {"noEd25519",
       Pick(lang,
            "このブラウザーは Ed25519 署名に対応していません。checker certificate verify "
            "を使ってください。",
            "This browser does not support Ed25519 signatures; use checker certificate verify.")},
      {"badSignature",
       Pick(
           lang, "署名が検証できません。改ざんされたか、別の鍵で署名されています。",
           "The signature does not verify: the certificate was altered or signed by another key.")},
      {"unknown", Pick(lang, "この登録簿にない証明書です:", "This registry did not issue")},
      {"notInForce",
       Pick(lang, "署名は正しいものの、効力がありません:", "Genuine, but not in force:")},
      {"valid", Pick(lang, "有効な証明書です:", "Valid certificate:")},
      {"expires", Pick(lang, "有効期限", "expires")}};
  Json data = {{"publicKey", view.public_key_base64},
               {"publicKeySha256", view.public_key_sha256},
               {"certificates", certificates},
               {"text", text}};
  std::ostringstream out;
  out << reports::RegistryHead(lang, Pick(lang, "証明書の検証", "Verify a certificate"), "")
      << reports::LanguageLink(lang, "verify", "") << "<h1>"
      << Pick(lang, "証明書の検証", "Verify a certificate") << "</h1>\n<p>"
      << Pick(lang,
              "証明書ファイルの署名を、この登録簿の公開鍵で、お使いのブラウザー内で検証します。ファ"
              "イルは送信されません。",
              "Checks a certificate file's signature against this registry's public key, in your "
              "browser: nothing is sent anywhere.")
      << "</p>\n<p id=\"needs-script\">"
      << Pick(lang, "この検証には JavaScript が必要です。コマンドラインでは: ",
              "This check needs JavaScript. On the command line: ")
      << "<code>checker certificate verify FILE --pubkey registry-key.pem</code></p>\n"
      << "<form id=\"verify\" hidden><p><label>" << Pick(lang, "証明書ファイル", "Certificate file")
      << "<input type=\"file\" id=\"file\" accept=\".json,application/json\"></label></p><p><label>"
      << Pick(lang, "または証明書の JSON を貼り付け", "or paste the certificate's JSON")
      << "<textarea id=\"certificate\" spellcheck=\"false\"></textarea></label></p><p><button "
         "type=\"submit\">"
      << Pick(lang, "検証する", "Verify") << "</button></p></form>\n"
      << "<div id=\"verdict\" role=\"status\" aria-live=\"polite\"></div>\n<p class=\"muted\">"
      << Pick(lang, "公開鍵の SHA-256: ", "Public key SHA-256: ") << "<code>"
      << EscapeHtml(view.public_key_sha256) << "</code></p>\n"
      << "<script type=\"application/json\" id=\"registry-data\">" << ScriptSafeJson(data)
      << "</script>\n"
      << reports::RegistryFoot();
  return out.str();
}

std::string RenderRegistryBadge(const RegistryCertificate& c, const std::string& service_link) {
  const char* color = c.status == "valid"       ? "#1a7f37"
                      : c.status == "suspended" ? "#9a6700"
                      : c.status == "revoked"   ? "#cf222e"
                                                : "#57606a";
  const std::string right =
      c.status == "valid" ? c.grade + " · " + c.status + " · until " + c.expires : c.status;
  const int left_width = 70, right_width = 12 + 7 * static_cast<int>(right.size());
  const int width = left_width + right_width;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
         "width=\""
      << width << "\" height=\"20\" role=\"img\" aria-label=\"certified: " << EscapeHtml(right)
      << "\"><title>" << EscapeHtml(c.service_name) << ": " << EscapeHtml(right) << " ("
      << EscapeHtml(c.id) << ")</title><a href=\"" << EscapeHtml(service_link) << "\" xlink:href=\""
      << EscapeHtml(service_link) << "\"><rect width=\"" << left_width
      << "\" height=\"20\" fill=\"#24292f\"/><rect x=\"" << left_width << "\" width=\""
      << right_width << "\" height=\"20\" fill=\"" << color
      << "\"/><g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
      << "<text x=\"6\" y=\"14\">certified</text><text x=\"" << left_width + 6 << "\" y=\"14\">"
      << EscapeHtml(right) << "</text></g></a></svg>\n";
  return svg.str();
}

std::string RenderRegistryFeedJson(const RegistryView& view) {
  Json services = Json::array();
  for (const auto& s : view.services) {
    Json certs = Json::array();
    auto add = [&](const RegistryCertificate& c) {
      Json packs = Json::array();
      for (const auto& p : c.packs)
        packs.push_back({{"id", p.id}, {"version", p.version}, {"edition", p.edition}});
      certs.push_back({{"certificate_id", c.id},
                       {"status", c.status},
                       {"status_since", c.status_since},
                       {"why", c.status_why},
                       {"decision", c.decision},
                       {"grade", c.grade},
                       {"score", c.score},
                       {"issued", c.issued},
                       {"expires", c.expires},
                       {"surveillance", c.surveillance},
                       {"packs", packs},
                       {"file", c.file},
                       {"report_sha256", c.report_sha256},
                       {"conditions", c.conditions.size()}});
    };
    add(s.current);
    for (const auto& p : s.past) add(p);
    services.push_back({{"service_id", s.service_id},
                        {"name", s.service_name},
                        {"operator", s.operator_name},
                        {"profile", s.profile},
                        {"page", s.page + ".html"},
                        {"certificates", certs}});
  }
  Json events = Json::array();
  for (const auto& e : view.events)
    events.push_back({{"seq", e.seq},
                      {"event", e.kind},
                      {"certificate_id", e.certificate_id},
                      {"service_id", e.service_id},
                      {"date", e.date},
                      {"reason", e.reason}});
  Json feed = {{"format", "checker-registry/v1"},
               {"generated", view.generated},
               {"status_as_of", view.today},
               {"public_key_sha256", view.public_key_sha256},
               {"transparency_log", {{"tree_size", view.tree_size}, {"root_hash", view.root_hash}}},
               {"services", services},
               {"events", events}};
  return feed.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string RenderRegistryAtom(const RegistryView& view) {
  auto xml = [](const std::string& s) { return EscapeHtml(s); };
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
      << "<title>Certificate events</title><id>urn:checker-registry:" << xml(view.public_key_sha256)
      << "</id><updated>" << xml(view.generated)
      << "</updated><link href=\"index.en.html\"/><author><name>checker registry</name></author>\n";
  for (auto it = view.events.rbegin(); it != view.events.rend(); ++it) {
    const RegistryEvent& e = *it;
    out << "<entry><id>urn:checker-registry:" << xml(view.public_key_sha256) << ":" << xml(e.seq)
        << "</id><title>" << xml(e.kind + " " + e.certificate_id + " (" + e.service_name + ")")
        << "</title><updated>" << xml(e.date) << "T00:00:00Z</updated><summary>" << xml(e.reason)
        << "</summary></entry>\n";
  }
  out << "</feed>\n";
  return out.str();
}

}  // namespace checker
