/* Draw every server-built Plotly figure on the page.
   A figure is a <script type="application/json" data-grafik="ID"> holding {data, layout} next to
   an empty <div id="ID">; see dashboard_kecamatan/templatetags/grafik.py.

   The chart library (a partial plotly.js bundle, ~340 KB compressed) is fetched only after the
   page's own content, styles and images have loaded, and only when the page has a figure: on a
   slow link the figures, tables and navigation are usable first, and the charts follow. */
(function () {
  "use strict";
  var skrip = document.currentScript;
  var sumber = skrip && skrip.getAttribute("data-plotly");

  function daftarLokal() {
    // Indonesian month and day names for date axes (after plotly.js-locales "id", corrected).
    window.Plotly.register({
      moduleType: "locale",
      name: "id",
      dictionary: {},
      format: {
        days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
        shortDays: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
        months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                 "September", "Oktober", "November", "Desember"],
        shortMonths: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                      "Nov", "Des"],
        date: "%d/%m/%Y",
        decimal: ",",
        thousands: "."
      }
    });
  }

  var config = {
    locale: document.documentElement.lang === "en" ? "en" : "id",
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"]
  };

  function gambar() {
    document.querySelectorAll("script[data-grafik]").forEach(function (el) {
      var target = document.getElementById(el.getAttribute("data-grafik"));
      if (!target || target.getAttribute("data-digambar")) { return; }
      var fig = JSON.parse(el.textContent);
      window.Plotly.newPlot(target, fig.data, fig.layout, config).then(function () {
        target.setAttribute("data-digambar", "1");
        target.classList.remove("grafik-memuat");
        if (fig.tautan) {
          // Clicking a bar or cell follows its link (customdata[0] of the point).
          target.on("plotly_click", function (ev) {
            var p = ev.points && ev.points[0];
            var url = p && p.customdata && (Array.isArray(p.customdata) ? p.customdata[0] : p.customdata);
            if (url) { window.location.href = url; }
          });
        }
      });
    });
  }

  function siap() { daftarLokal(); gambar(); }

  function muat() {
    if (!document.querySelector("script[data-grafik]")) { return; }
    if (window.Plotly) { siap(); return; }
    if (!sumber) { return; }
    // One fetch of the library per page, however often this runs.
    var ada = document.querySelector("script[data-pustaka-grafik]");
    if (ada) { ada.addEventListener("load", siap); return; }
    var s = document.createElement("script");
    s.src = sumber;
    s.async = true;
    s.setAttribute("data-pustaka-grafik", "1");
    s.addEventListener("load", siap);
    document.head.appendChild(s);
  }

  if (document.readyState === "complete") {
    muat();
  } else {
    window.addEventListener("load", muat);
  }
})();
