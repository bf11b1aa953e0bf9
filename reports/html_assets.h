#pragma once
// The HTML report's own style sheet and script, compiled into the binary so the report stands
// alone. The page's Content-Security-Policy allows exactly these two (by hash) and nothing else.

namespace checker::reports {

inline constexpr const char* kHtmlStyle = R"CSS(
:root { --pass:#1a7f37; --fail:#cf222e; --warn:#9a6700; --info:#0969da; --muted:#57606a; --line:#d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; margin: 0; color: #1f2328; }
header { display: flex; justify-content: space-between; align-items: center; padding: 16px 24px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 20px; margin: 0; }
main { padding: 16px 24px; max-width: 1200px; }
.lang-en .ja, .lang-ja .en { display: none; }
button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); background: #f6f8fa; border-radius: 6px; cursor: pointer; }
button[aria-pressed="true"] { background: #0969da; color: #fff; }
.certificate { display: flex; gap: 24px; align-items: center; border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
.decision { font-size: 22px; font-weight: 600; }
.decision.certified { color: var(--pass); } .decision.not_certified { color: var(--fail); }
.decision.conditional, .decision.incomplete { color: var(--warn); }
.charts { display: flex; flex-wrap: wrap; gap: 24px; margin: 16px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
td code { white-space: nowrap; word-break: normal; }
td.level { white-space: nowrap; overflow-wrap: normal; }
table.endpoints { margin: 6px 0; font-size: 13px; }
table.endpoints th, table.endpoints td { overflow-wrap: break-word; }
ul.reasons { margin: 4px 0; padding-left: 18px; } ul.reasons code { white-space: normal; word-break: break-all; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; color: #fff; background: var(--muted); white-space: nowrap; }
.badge.pass { background: var(--pass); } .badge.fail, .badge.error { background: var(--fail); }
.badge.missing_evidence { background: var(--warn); } .badge.manual, .badge.legal_review { background: var(--info); }
code, .evidence { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; word-break: break-all; }
.muted { color: var(--muted); }
.unconfirmed { color: var(--warn); font-weight: 600; }
.hidden { display: none; }
section { margin: 20px 0; }
@media print { header button, .filters { display: none; } details { display: block; } details > * { display: block; } }
)CSS";

inline constexpr const char* kHtmlScript = R"JS(
(function () {
  var body = document.body;
  function setLang(lang) {
    body.classList.remove('lang-ja', 'lang-en');
    body.classList.add('lang-' + lang);
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang));
    });
  }
  document.querySelectorAll('[data-lang]').forEach(function (b) {
    b.addEventListener('click', function () { setLang(b.getAttribute('data-lang')); });
  });
  function applyFilters() {
    var shown = {};
    document.querySelectorAll('input[data-outcome]').forEach(function (c) { shown[c.getAttribute('data-outcome')] = c.checked; });
    var pack = document.getElementById('pack-filter').value;
    document.querySelectorAll('tr[data-outcome]').forEach(function (row) {
      var visible = shown[row.getAttribute('data-outcome')] && (pack === '' || row.getAttribute('data-pack') === pack);
      row.classList.toggle('hidden', !visible);
    });
  }
  document.querySelectorAll('input[data-outcome]').forEach(function (c) { c.addEventListener('change', applyFilters); });
  document.getElementById('pack-filter').addEventListener('change', applyFilters);
  applyFilters();
  window.checkerReportReady = true;
})();
)JS";

}  // namespace checker::reports
