/* Plan lines: the indicator picker of every row (and of rows added later) is a grouped checkbox
   list in a <details>; this adds a search box that hides non-matching names and groups, and
   keeps the summary's count current. Without JavaScript the list works as it is. */
(function () {
  "use strict";
  function norm(t) { return (t || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  function ringkas(det) {
    var s = det.querySelector("summary");
    var n = det.querySelectorAll("input[type=checkbox]:checked").length;
    s.textContent = n ? s.dataset.format.replace("%(n)s", n) : s.dataset.kosong;
  }
  document.addEventListener("toggle", function (ev) {
    var det = ev.target;
    if (!det.classList || !det.classList.contains("pilih-indikator") || !det.open) return;
    var cari = det.querySelector(".cari-indikator");
    cari.hidden = false;
    cari.focus();
  }, true);
  document.addEventListener("input", function (ev) {
    var cari = ev.target;
    if (!cari.classList.contains("cari-indikator")) return;
    var kata = norm(cari.value).split(/\s+/).filter(Boolean);
    var panel = cari.closest(".panel-indikator");
    panel.querySelectorAll("label").forEach(function (lb) {
      if (!lb.querySelector("input")) return;  // a group heading
      var teks = norm(lb.textContent);
      lb.parentNode.hidden = !kata.every(function (k) { return teks.indexOf(k) >= 0; });
    });
    // A group with no visible name is hidden with its heading.
    panel.querySelectorAll(".panel-indikator > div > div").forEach(function (grup) {
      var ada = grup.querySelector("input") && Array.prototype.some.call(
        grup.querySelectorAll("input"), function (i) { return !i.closest("div").hidden; });
      grup.hidden = !ada;
    });
  });
  document.addEventListener("change", function (ev) {
    var det = ev.target.closest && ev.target.closest(".pilih-indikator");
    if (det) ringkas(det);
  });
})();
