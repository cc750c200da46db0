/* Searchable village field: fills the <datalist> with matches from /pengaduan/cari-desa/ as the
   citizen types. Each option's value starts with the village code, which the server reads.
   Without this script the field still accepts an exact, unique village name. */
(function () {
  "use strict";
  var skrip = document.currentScript;
  var url = skrip && skrip.getAttribute("data-url");
  function pasang() {
    var input = document.querySelector("input[data-cari-desa]");
    var daftar = document.getElementById("daftar-desa");
    if (!input || !daftar || !url) { return; }
    var tunda = null;
    var terakhir = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 3 || q === terakhir || /^\d{2}\.\d{2}\.\d{2}\.\d{4}/.test(q)) { return; }
      window.clearTimeout(tunda);
      tunda = window.setTimeout(function () {
        terakhir = q;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { hasil: [] }; })
          .then(function (data) {
            daftar.textContent = "";
            data.hasil.forEach(function (d) {
              var opt = document.createElement("option");
              opt.value = d.kode + " · " + d.label;  // textContent-safe: no HTML is parsed
              daftar.appendChild(opt);
            });
          })
          .catch(function () { /* offline: the citizen can still type an exact name */ });
      }, 250);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pasang);
  } else {
    pasang();
  }
})();
