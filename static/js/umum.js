// Behaviours every page may use, bound here rather than in inline handlers (onclick=...),
// which the Content-Security-Policy does not run.
(function () {
  "use strict";
  document.querySelectorAll("[data-cetak]").forEach(function (tombol) {
    tombol.addEventListener("click", function () { window.print(); });
  });
  // A select marked data-kirim submits its form when changed (the dashboards' period and
  // sector pickers). Here, not inline: a cached page fragment cannot carry a per-request nonce.
  document.querySelectorAll("select[data-kirim]").forEach(function (pilih) {
    pilih.addEventListener("change", function () { pilih.form.submit(); });
  });
  document.querySelectorAll("[data-konfirmasi]").forEach(function (tombol) {
    tombol.addEventListener("click", function (e) {
      if (!window.confirm(tombol.dataset.konfirmasi)) { e.preventDefault(); }
    });
  });
})();
