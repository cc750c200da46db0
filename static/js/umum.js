// Behaviours every page may use, bound here rather than in inline handlers (onclick=...),
// which the Content-Security-Policy does not run.
(function () {
  "use strict";
  document.querySelectorAll("[data-cetak]").forEach(function (tombol) {
    tombol.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-konfirmasi]").forEach(function (tombol) {
    tombol.addEventListener("click", function (e) {
      if (!window.confirm(tombol.dataset.konfirmasi)) { e.preventDefault(); }
    });
  });
})();
