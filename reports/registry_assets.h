#pragma once
// The registry pages' extra style and their one script (search and filters on the index, the
// certificate check on the verification page), compiled in and admitted by hash.

namespace checker::reports {

inline constexpr const char* kRegistryStyle = R"CSS(
nav.site { display: flex; gap: 16px; flex-wrap: wrap; }
nav.site a, a { color: #0550ae; }
.status { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; white-space: nowrap; }
.status.valid { background: #1a7f37; } .status.suspended { background: #9a6700; }
.status.revoked { background: #cf222e; } .status.expired, .status.superseded { background: #57606a; }
table#services th { overflow-wrap: normal; white-space: nowrap; }
label { display: inline-flex; flex-direction: column; gap: 2px; font-size: 13px; }
input, select, textarea { font: inherit; padding: 4px 6px; border: 1px solid #8c959f; border-radius: 6px; }
textarea { width: 100%; min-height: 160px; font-family: ui-monospace, monospace; font-size: 12px; }
.result { padding: 12px; border-radius: 8px; border: 2px solid #57606a; margin: 12px 0; }
.result.ok { border-color: #1a7f37; } .result.bad { border-color: #cf222e; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; }
)CSS";

inline constexpr const char* kRegistryScript = R"JS(
(function () {
  var table = document.getElementById('services');
  if (table) {
    var rows = table.querySelectorAll('tbody tr');
    var controls = document.querySelectorAll('[data-filter]');
    var count = document.getElementById('shown');
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = true;
        controls.forEach(function (c) {
          var key = c.getAttribute('data-filter'), value = c.value.trim().toLowerCase();
          if (value === '') return;
          var have = (row.getAttribute('data-' + key) || '').toLowerCase();
          if (key === 'search' ? have.indexOf(value) < 0 : have.split(' ').indexOf(value) < 0) visible = false;
        });
        row.hidden = !visible;
        if (visible) shown++;
      });
      count.textContent = String(shown);
    }
    controls.forEach(function (c) { c.addEventListener('input', apply); c.addEventListener('change', apply); });
    // A filtered view can be shared as a link: index.en.html#status=revoked&search=sakura
    var wanted = new URLSearchParams(location.hash.slice(1));
    controls.forEach(function (c) { var v = wanted.get(c.getAttribute('data-filter')); if (v !== null) c.value = v; });
    document.getElementById('filters').hidden = false;
    apply();
  }
  var form = document.getElementById('verify');
  if (form) {
    var data = JSON.parse(document.getElementById('registry-data').textContent);
    var out = document.getElementById('verdict');
    function b64(s) { var b = atob(s), u = new Uint8Array(b.length); for (var i = 0; i < b.length; i++) u[i] = b.charCodeAt(i); return u; }
    // The signed bytes: the certificate without its signature, keys sorted, no spaces.
    function canonical(v) {
      if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
      if (v !== null && typeof v === 'object')
        return '{' + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ':' + canonical(v[k]); }).join(',') + '}';
      return JSON.stringify(v);
    }
    function say(ok, lines) {
      out.className = 'result ' + (ok ? 'ok' : 'bad');
      out.textContent = '';
      lines.forEach(function (l) { var p = document.createElement('p'); p.textContent = l; out.appendChild(p); });
      out.setAttribute('data-verdict', ok ? 'valid' : 'refused');
    }
    var t = data.text;
    async function check(text) {
      var cert;
      try { cert = JSON.parse(text); } catch (e) { return say(false, [t.notJson]); }
      if (!cert || typeof cert !== 'object' || typeof cert.signature !== 'string' || cert.format !== 'checker-certificate/v1')
        return say(false, [t.notCertificate]);
      if (!(window.crypto && crypto.subtle)) return say(false, [t.noCrypto]);
      var key;
      try {
        key = await crypto.subtle.importKey('raw', b64(data.publicKey), { name: 'Ed25519' }, false, ['verify']);
      } catch (e) { return say(false, [t.noEd25519]); }
      var signature = cert.signature, body = Object.assign({}, cert);
      delete body.signature;
      var good = false;
      try {
        good = await crypto.subtle.verify({ name: 'Ed25519' }, key, b64(signature), new TextEncoder().encode(canonical(body)));
      } catch (e) { good = false; }
      if (!good || cert.issuer_key_sha256 !== data.publicKeySha256) return say(false, [t.badSignature]);
      var entry = data.certificates[cert.certificate_id];
      if (!entry) return say(false, [t.unknown + ' ' + cert.certificate_id]);
      if (entry.status !== 'valid') return say(false, [t.notInForce + ' ' + cert.certificate_id + ': ' + entry.status + ' (' + entry.why + ')']);
      say(true, [t.valid + ' ' + cert.certificate_id, cert.service.name + ' — ' + cert.grade + ', ' + t.expires + ' ' + cert.expires]);
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); check(document.getElementById('certificate').value); });
    document.getElementById('file').addEventListener('change', function (e) {
      var f = e.target.files[0];
      if (f) f.text().then(function (text) { document.getElementById('certificate').value = text; check(text); });
    });
    form.hidden = false;
    // verify.html#certificate=BASE64URL checks the certificate carried in the link (never sent).
    var carried = new URLSearchParams(location.hash.slice(1)).get('certificate');
    if (carried) {
      try {
        var json = new TextDecoder().decode(b64(carried.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((carried.length + 3) % 4)));
        document.getElementById('certificate').value = json;
        check(json);
      } catch (e) { say(false, [t.notJson]); }
    }
    document.getElementById('needs-script').hidden = true;
  }
  window.registryReady = true;
})();
)JS";

}  // namespace checker::reports
