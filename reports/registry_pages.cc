// The registry's HTML pages: index, service pages and revocations (registry_pages.h). The
// verification page, badges and feeds are registry_feeds.cc.

#include "checker/registry_pages.h"

#include <cstdlib>
#include <set>
#include <sstream>

#include "checker/encoding.h"
#include "checker/trend.h"

#include "reports/html_assets.h"
#include "reports/registry_assets.h"
#include "reports/registry_page_parts.h"
#include "reports/text.h"

namespace checker {

namespace reports {

std::string Pick(Language lang, std::string_view ja, std::string_view en) {
  return std::string(lang == Language::kJa ? ja : en);
}

std::string RegistryHead(Language lang, std::string_view title, std::string_view up) {
  const std::string style = std::string(kHtmlStyle) + kRegistryStyle;
  const std::string script = kRegistryScript;
  return "<!doctype html>\n<html lang=\"" + Pick(lang, "ja", "en") +
         "\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src " +
         CspHash(style) + "; script-src " + CspHash(script) + "; img-src 'self'" +
         "; base-uri 'none'; form-action 'none'\">\n<title>" + EscapeHtml(title) +
         "</title><style>" + style + "</style></head>\n<body>\n<a class=\"skip\" href=\"#main\">" +
         Pick(lang, "本文へ", "Skip to content") +
         "</a>\n<header><nav class=\"site\" aria-label=\"" + Pick(lang, "サイト", "Site") +
         "\"><a href=\"" + std::string(up) + RegistryPageFile("index", lang) + "\">" +
         Pick(lang, "認証サービス一覧", "Certified services") + "</a><a href=\"" + std::string(up) +
         RegistryPageFile("revocations", lang) + "\">" + Pick(lang, "失効・停止", "Revocations") +
         "</a><a href=\"" + std::string(up) + RegistryPageFile("verify", lang) + "\">" +
         Pick(lang, "証明書の検証", "Verify a certificate") + "</a></nav>";
}

std::string LanguageLink(Language lang, const std::string& name, std::string_view up) {
  Language other = lang == Language::kJa ? Language::kEn : Language::kJa;
  return "<a hreflang=\"" + Pick(other, "ja", "en") + "\" lang=\"" + Pick(other, "ja", "en") +
         "\" href=\"" + std::string(up) + RegistryPageFile(name, other) + "\">" +
         Pick(lang, "English", "日本語") + "</a></header>\n<main id=\"main\">\n";
}

std::string RegistryFoot() {
  return "</main>\n<script>" + std::string(kRegistryScript) + "</script>\n</body></html>\n";
}

std::string StatusBadge(const std::string& status, Language lang) {
  static const std::pair<const char*, const char*> kJa[] = {{"valid", "有効"},
                                                            {"suspended", "一時停止"},
                                                            {"revoked", "取消"},
                                                            {"expired", "期限切れ"},
                                                            {"superseded", "更新済み"}};
  std::string label = status;
  if (lang == Language::kJa)
    for (const auto& [en, ja] : kJa)
      if (status == en) label = ja;
  return "<span class=\"status " + EscapeHtml(status) + "\">" + EscapeHtml(label) + "</span>";
}

std::string Packs(const std::vector<RegistryPack>& packs) {
  std::string out;
  for (const auto& p : packs)
    out += (out.empty() ? "" : ", ") + EscapeHtml(p.id) + " " + EscapeHtml(p.edition);
  return out;
}

}  // namespace reports

using reports::EscapeHtml;
using reports::Pick;

std::string RegistryPageFile(const std::string& name, Language lang) {
  return name + (lang == Language::kJa ? ".html" : ".en.html");
}

std::string RenderRegistryIndex(const RegistryView& view, Language lang) {
  std::ostringstream out;
  out << reports::RegistryHead(lang, Pick(lang, "認証サービス一覧", "Certified services"), "")
      << reports::LanguageLink(lang, "index", "") << "<h1>"
      << Pick(lang, "認証サービス一覧", "Certified services") << "</h1>\n<p class=\"muted\">"
      << Pick(lang, "状態は次の日付のものです: ", "Status as of ") << EscapeHtml(view.today) << ". "
      << Pick(lang, "透明性ログ: ", "Transparency log: ") << EscapeHtml(view.tree_size)
      << Pick(lang, " 件、ルート ", " events, root ") << "<code>" << EscapeHtml(view.root_hash)
      << "</code></p>\n";
  // Filters need the script; without it, the whole table reads as it is.
  std::set<std::string> profiles, grades, editions;
  for (const auto& s : view.services) {
    profiles.insert(s.profile);
    grades.insert(s.current.grade);
    for (const auto& p : s.current.packs) editions.insert(p.id + "@" + p.edition);
  }
  auto select = [&](const char* key, const std::string& label, const std::set<std::string>& values,
                    const std::vector<std::string>& fixed) {
    out << "<label>" << label << "<select data-filter=\"" << key << "\"><option value=\"\">"
        << Pick(lang, "すべて", "all") << "</option>";
    for (const auto& v :
         fixed.empty() ? std::vector<std::string>(values.begin(), values.end()) : fixed)
      out << "<option value=\"" << EscapeHtml(v) << "\">" << EscapeHtml(v) << "</option>";
    out << "</select></label>";
  };
  out << "<div id=\"filters\" class=\"filters\" hidden><label>" << Pick(lang, "検索", "Search")
      << "<input type=\"search\" data-filter=\"search\" id=\"search\"></label>";
  select("status", Pick(lang, "状態", "Status"), {},
         {"valid", "suspended", "revoked", "expired", "superseded"});
  select("profile", Pick(lang, "サービスの種類（プロファイル）", "Kind of service (profile)"),
         profiles, {});
  select("grade", Pick(lang, "グレード", "Grade"), grades, {});
  select("edition", Pick(lang, "ガイドライン版", "Guideline edition"), editions, {});
  out << "<span><span id=\"shown\"></span> " << Pick(lang, "件表示", "shown") << "</span></div>\n";
  out << "<table id=\"services\"><caption>"
      << Pick(lang, "認証を受けたサービス", "Services certified by this body")
      << "</caption><thead><tr><th scope=\"col\">" << Pick(lang, "サービス", "Service")
      << "</th><th scope=\"col\">" << Pick(lang, "事業者", "Operator") << "</th><th scope=\"col\">"
      << Pick(lang, "プロファイル", "Profile") << "</th><th scope=\"col\">"
      << Pick(lang, "グレード", "Grade") << "</th><th scope=\"col\">"
      << Pick(lang, "状態", "Status") << "</th><th scope=\"col\">"
      << Pick(lang, "有効期限", "Expires") << "</th><th scope=\"col\">"
      << Pick(lang, "ガイドライン版", "Editions") << "</th></tr></thead><tbody>\n";
  for (const auto& s : view.services) {
    const RegistryCertificate& c = s.current;
    std::string editions_attr;
    for (const auto& p : c.packs)
      editions_attr += (editions_attr.empty() ? "" : " ") + p.id + "@" + p.edition;
    out << "<tr data-search=\""
        << EscapeHtml(s.service_name + " " + s.operator_name + " " + s.service_id + " " + c.id)
        << "\" data-status=\"" << EscapeHtml(c.status) << "\" data-profile=\""
        << EscapeHtml(s.profile) << "\" data-grade=\"" << EscapeHtml(c.grade)
        << "\" data-edition=\"" << EscapeHtml(editions_attr) << "\"><td><a href=\""
        << EscapeHtml(RegistryPageFile(s.page, lang)) << "\">" << EscapeHtml(s.service_name)
        << "</a></td><td>" << EscapeHtml(s.operator_name) << "</td><td>" << EscapeHtml(s.profile)
        << "</td><td>" << EscapeHtml(c.grade) << " <span class=\"muted\">("
        << EscapeHtml(c.decision) << ")</span></td><td>" << reports::StatusBadge(c.status, lang)
        << "</td><td>" << EscapeHtml(c.expires) << "</td><td>" << reports::Packs(c.packs)
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n<p><a href=\"feed.json\">feed.json</a> · <a "
         "href=\"feed.atom\">Atom</a> · "
         "<a href=\"log/tree-head.json\">"
      << Pick(lang, "署名付きツリーヘッド", "signed tree head")
      << "</a> · <a href=\"registry-key.pem\">" << Pick(lang, "公開鍵", "public key")
      << "</a> <code>" << EscapeHtml(view.public_key_sha256) << "</code></p>\n";
  out << reports::RegistryFoot();
  return out.str();
}

namespace {

std::string ConditionKind(const std::string& kind, Language lang) {
  if (kind == "attestation")
    return Pick(lang, "審査員の確認待ち", "awaits a reviewer's attestation");
  if (kind == "gray_zone")
    return Pick(lang, "規制当局の判断待ち（グレーゾーン）", "awaits a regulator (gray zone)");
  return Pick(lang, "推奨事項（should）が未達", "a should-rule is not met");
}

// The certificate's status in a sentence: the English one as the registry module wrote it, the
// Japanese one from its parts.
std::string StatusSentence(const RegistryCertificate& c, Language lang) {
  if (lang == Language::kEn || c.status_event.empty()) return c.status_why;
  const std::string& date = c.status_since;
  std::string text;
  if (c.status_event == "issued")
    text = date + " に発行";
  else if (c.status_event == "suspended")
    text = date + " に一時停止";
  else if (c.status_event == "reinstated")
    text = date + " に停止解除";
  else if (c.status_event == "revoked")
    text = date + " に取消";
  else if (c.status_event == "superseded")
    text = date + " に " + c.status_superseded_by + " へ更新";
  else if (c.status_event == "expired")
    text = date + " に有効期限切れ";
  else if (c.status_event == "lapsed")
    text = "有効期限（" + c.expires + "）を過ぎて失効";
  else
    return c.status_why;
  return c.status_reason.empty() ? text : text + "：" + c.status_reason;
}

void CertificateSection(std::ostringstream& out, const RegistryCertificate& c, Language lang,
                        bool current) {
  out << "<section aria-labelledby=\"c-" << EscapeHtml(c.id) << "\"><h2 id=\"c-" << EscapeHtml(c.id)
      << "\">" << (current ? Pick(lang, "現在の証明書 ", "Current certificate ") : "") << "<code>"
      << EscapeHtml(c.id) << "</code> " << reports::StatusBadge(c.status, lang) << "</h2>\n<dl><dt>"
      << Pick(lang, "状態", "Status") << "</dt><dd>" << EscapeHtml(StatusSentence(c, lang))
      << "</dd><dt>" << Pick(lang, "判定・グレード", "Decision and grade") << "</dt><dd>"
      << EscapeHtml(c.decision) << ", " << EscapeHtml(c.grade) << " (" << EscapeHtml(c.score)
      << ")</dd><dt>"
      << Pick(lang, "発行・有効期限・次回サーベイランス", "Issued, expires, surveillance due")
      << "</dt><dd>" << EscapeHtml(c.issued) << " / " << EscapeHtml(c.expires) << " / "
      << EscapeHtml(c.surveillance) << "</dd><dt>" << Pick(lang, "監査日", "Audit date")
      << "</dt><dd>" << EscapeHtml(c.audit_date) << "</dd><dt>"
      << Pick(lang, "ガイドラインと版", "Guidelines and editions") << "</dt><dd>"
      << reports::Packs(c.packs) << "</dd><dt>" << Pick(lang, "証明書ファイル", "Certificate file")
      << "</dt><dd><a href=\"../" << EscapeHtml(c.file) << "\">" << EscapeHtml(c.file)
      << "</a> <img src=\"../" << EscapeHtml(c.badge) << "\" alt=\""
      << Pick(lang, "認証バッジ", "certification badge") << "\" height=\"20\"></dd></dl>\n";
  if (!c.conditions.empty()) {
    out << "<h3>" << Pick(lang, "条件（条件付き認証）", "Conditions (conditional certification)")
        << "</h3><ul>";
    for (const auto& k : c.conditions)
      out << "<li><code>" << EscapeHtml(k.rule_id) << "</code> "
          << EscapeHtml(lang == Language::kJa && !k.title_ja.empty() ? k.title_ja : k.title_en)
          << " — " << ConditionKind(k.kind, lang) << "</li>";
    out << "</ul>\n";
  }
  if (!c.waivers.empty()) {
    out << "<h3>" << Pick(lang, "適用除外（ウェイバー）", "Waivers")
        << "</h3><table><thead><tr><th scope=\"col\">" << Pick(lang, "ルール", "Rule")
        << "</th><th scope=\"col\">" << Pick(lang, "理由", "Justification")
        << "</th><th scope=\"col\">" << Pick(lang, "承認者の所属", "Approved by (organisation)")
        << "</th><th scope=\"col\">" << Pick(lang, "期限", "Until") << "</th></tr></thead><tbody>";
    for (const auto& w : c.waivers)
      out << "<tr><td><code>" << EscapeHtml(w.rule_id) << "</code></td><td>"
          << EscapeHtml(w.justification) << "</td><td>" << EscapeHtml(w.approver_organisation)
          << "</td><td>" << EscapeHtml(w.expires) << "</td></tr>";
    out << "</tbody></table>\n";
  }
  out << "</section>\n";
}

}  // namespace

std::string RenderRegistryService(const RegistryView& view, const RegistryService& service,
                                  Language lang) {
  std::ostringstream out;
  out << reports::RegistryHead(lang, service.service_name, "../")
      << reports::LanguageLink(lang, service.page, "../") << "<h1>"
      << EscapeHtml(service.service_name) << "</h1>\n<p>" << Pick(lang, "事業者: ", "Operator: ")
      << EscapeHtml(service.operator_name) << " · " << Pick(lang, "プロファイル: ", "Profile: ")
      << EscapeHtml(service.profile) << " · " << Pick(lang, "状態の基準日: ", "Status as of ")
      << EscapeHtml(view.today) << "</p>\n";
  CertificateSection(out, service.current, lang, true);
  if (!service.grades.empty()) {
    Trend trend;
    trend.vendor_id = service.service_id;
    trend.vendor_name = service.service_name;
    for (const auto& g : service.grades) {
      TrendPoint p;
      p.date = g.date;
      p.decision = ParseDecision(g.decision).value_or(CertDecision::kIncomplete);
      p.grade = ParseGrade(g.grade).value_or(Grade::kF);
      p.score = std::strtod(g.score.c_str(), nullptr);
      trend.points.push_back(std::move(p));
    }
    out << "<section><h2>" << Pick(lang, "グレードの推移", "Grade history") << "</h2>"
        << RenderTrendChart(trend) << "<table><caption>"
        << Pick(lang, "監査ごとの判定", "Each audit") << "</caption><thead><tr><th scope=\"col\">"
        << Pick(lang, "監査日", "Audit date") << "</th><th scope=\"col\">"
        << Pick(lang, "判定", "Decision") << "</th><th scope=\"col\">"
        << Pick(lang, "グレード", "Grade") << "</th><th scope=\"col\">"
        << Pick(lang, "スコア", "Score") << "</th></tr></thead><tbody>";
    for (const auto& g : service.grades)
      out << "<tr><td>" << EscapeHtml(g.date) << "</td><td>" << EscapeHtml(g.decision)
          << "</td><td>" << EscapeHtml(g.grade) << "</td><td>" << EscapeHtml(g.score)
          << "</td></tr>";
    out << "</tbody></table></section>\n";
  }
  if (!service.past.empty()) {
    out << "<h2>" << Pick(lang, "過去の証明書", "Past certificates") << "</h2>\n";
    for (const auto& c : service.past) CertificateSection(out, c, lang, false);
  }
  out << reports::RegistryFoot();
  return out.str();
}

std::string RenderRegistryRevocations(const RegistryView& view, Language lang) {
  std::ostringstream out;
  out << reports::RegistryHead(lang, Pick(lang, "失効・停止リスト", "Revocations and suspensions"),
                               "")
      << reports::LanguageLink(lang, "revocations", "") << "<h1>"
      << Pick(lang, "失効・停止リスト", "Revocations and suspensions")
      << "</h1>\n<table><thead><tr><th scope=\"col\">" << Pick(lang, "日付", "Date")
      << "</th><th scope=\"col\">" << Pick(lang, "事象", "Event") << "</th><th scope=\"col\">"
      << Pick(lang, "証明書", "Certificate") << "</th><th scope=\"col\">"
      << Pick(lang, "サービス", "Service") << "</th><th scope=\"col\">"
      << Pick(lang, "理由", "Reason") << "</th></tr></thead><tbody>\n";
  size_t rows = 0;
  for (const auto& e : view.events) {
    if (e.kind != "revoke" && e.kind != "suspend" && e.kind != "reinstate") continue;
    ++rows;
    out << "<tr><td>" << EscapeHtml(e.date) << "</td><td>" << EscapeHtml(e.kind)
        << "</td><td><code>" << EscapeHtml(e.certificate_id) << "</code></td><td>"
        << EscapeHtml(e.service_name) << "</td><td>" << EscapeHtml(e.reason) << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
  if (rows == 0) out << "<p>" << Pick(lang, "該当はありません。", "None.") << "</p>\n";
  out << reports::RegistryFoot();
  return out.str();
}

}  // namespace checker
