/* Entry grid: spreadsheet-like keys, paste from Excel, checks while typing, and one field per
   village on submit (so a wide grid stays under the server's limit on the number of fields).
   The server repeats every check; this only shows problems early. No framework. */
(function () {
  "use strict";
  var form = document.getElementById("form-isian");
  var tabel = document.getElementById("tabel-isian");
  if (!form || !tabel) return;
  var Z = parseFloat(form.dataset.z || "3.5");
  var SELISIH_MIN = 3;
  var penyebut = {};
  try { penyebut = JSON.parse(document.getElementById("data-penyebut").textContent); } catch (e) {}
  var info = document.getElementById("info-isian");
  var diubah = false;

  function sel(input) { return input.closest("td"); }
  function masukan() { return Array.prototype.slice.call(tabel.querySelectorAll("tbody td input[name]")); }
  function kolom(input) { return Array.prototype.indexOf.call(sel(input).parentNode.children, sel(input)); }
  function baris(input) { return sel(input).parentNode; }

  function pindah(input, dBaris, dKolom) {
    var tr = baris(input), i = kolom(input);
    var rows = Array.prototype.slice.call(tabel.tBodies[0].rows);
    var r = rows.indexOf(tr) + dBaris, c = i + dKolom;
    if (r < 0 || r >= rows.length) return null;
    var td = rows[r].children[c];
    var next = td && td.querySelector("input");
    if (next) { next.focus(); next.select(); }
    return next;
  }

  function angka(teks) {
    teks = (teks || "").replace(/\s/g, "");
    if (teks === "") return null;
    if (/^\d+$/.test(teks)) return parseInt(teks, 10);
    if (/^\d{1,3}(\.\d{3})+$/.test(teks)) return parseInt(teks.replace(/\./g, ""), 10);
    return NaN;
  }

  function nilaiKolom(tr, elId) {
    var td = tr.querySelector('td[data-el="' + elId + '"]');
    if (!td) return null;
    var inp = td.querySelector("input");
    if (inp) return angka(inp.value);
    return td.dataset.v === "" || td.dataset.v === undefined ? null : parseInt(td.dataset.v, 10);
  }

  function periksa(input) {
    var td = sel(input), tr = baris(input), pesan = [], warn = "";
    var v = angka(input.value);
    if (Number.isNaN(v)) pesan.push("harus bilangan bulat ≥ 0");
    var elId = td.dataset.el;
    if (v !== null && !Number.isNaN(v)) {
      var q = penyebut[elId];
      var den = q ? nilaiKolom(tr, q) : null;
      if (den !== null && !Number.isNaN(den) && v > den) pesan.push("melebihi penyebutnya (" + den + ")");
      if (input.dataset.m) {
        var p = input.dataset.m.split("|"), med = parseFloat(p[0]), skala = parseFloat(p[1]);
        var selisih = v - med, z;
        if (skala > 0) z = selisih / skala; else z = Math.abs(selisih) > 0.5 * med ? Infinity : 0;
        if (Math.abs(selisih) >= SELISIH_MIN && Math.abs(z) > Z) warn = "jauh dari riwayat desa (median " + med + ")";
      }
    }
    td.classList.toggle("galat", pesan.length > 0);
    td.classList.toggle("peringatan", !pesan.length && !!warn);
    td.title = pesan.length ? pesan.join("; ") : warn;
    td.classList.toggle("berubah", input.value !== input.defaultValue);
  }

  tabel.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t.tagName !== "INPUT") return;
    if (ev.key === "Enter") { ev.preventDefault(); pindah(t, ev.shiftKey ? -1 : 1, 0); }
    else if (ev.key === "ArrowDown") { ev.preventDefault(); pindah(t, 1, 0); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); pindah(t, -1, 0); }
  });
  tabel.addEventListener("focusin", function (ev) { if (ev.target.tagName === "INPUT") ev.target.select(); });
  tabel.addEventListener("input", function (ev) {
    if (ev.target.tagName !== "INPUT") return;
    diubah = true;
    periksa(ev.target);
    // A denominator change may settle or break its numerators in the same row.
    baris(ev.target).querySelectorAll("td input").forEach(function (i) { if (i !== ev.target && i.value) periksa(i); });
  });
  tabel.addEventListener("paste", function (ev) {
    var t = ev.target;
    if (t.tagName !== "INPUT") return;
    var teks = (ev.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(teks)) return;
    ev.preventDefault();
    var lines = teks.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    var rows = Array.prototype.slice.call(tabel.tBodies[0].rows);
    var r0 = rows.indexOf(baris(t)), c0 = kolom(t);
    lines.forEach(function (line, dr) {
      line.split("\t").forEach(function (val, dc) {
        var tr = rows[r0 + dr];
        var td = tr && tr.children[c0 + dc];
        var inp = td && td.querySelector("input");
        if (inp) { inp.value = val.trim(); periksa(inp); }
      });
    });
    diubah = true;
  });

  form.addEventListener("submit", function () {
    // One JSON field per village instead of one field per cell.
    Array.prototype.forEach.call(tabel.tBodies[0].rows, function (tr) {
      var inputs = tr.querySelectorAll("td input[name]");
      if (!inputs.length) return;
      var isi = [];
      inputs.forEach(function (i) { isi.push(i.value); i.removeAttribute("name"); });
      var h = document.createElement("input");
      h.type = "hidden"; h.name = "baris-" + tr.dataset.desa; h.value = JSON.stringify(isi);
      form.appendChild(h);
    });
    diubah = false;
  });
  window.addEventListener("beforeunload", function (ev) {
    if (diubah) { ev.preventDefault(); ev.returnValue = ""; }
  });
  masukan().forEach(function (i) { if (i.value) periksa(i); });
  if (info) info.textContent = masukan().length + " sel dapat diisi.";
})();
