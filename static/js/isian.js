/* Entry grid: spreadsheet-like keys, paste from Excel, checks while typing, and one field per
   village on submit (so a wide grid stays under the server's limit on the number of fields).
   The server repeats every check; this only shows problems early. No framework. */
(function () {
  "use strict";
  var form = document.getElementById("form-isian");
  var tabel = document.getElementById("tabel-isian");
  if (!form || !tabel) return;
  var Z = parseFloat(form.dataset.z || "3.5");
  // The server's outlier rule (layanan_dasar/validasi.py cek_pencilan) with its settings.
  var SELISIH_MIN = parseFloat(form.dataset.selisihMin || "5");
  var TINGKAT_MIN = parseFloat(form.dataset.tingkatMin || "10");
  var penyebut = {};
  try { penyebut = JSON.parse(document.getElementById("data-penyebut").textContent); } catch (e) {}
  var info = document.getElementById("info-isian");
  // Messages in the page's language (Django's JavaScriptCatalog, /jsi18n/); as written when
  // the catalogue is not loaded.
  var _ = window.gettext || function (s) { return s; };
  var sisip = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (m, k) { return o[k]; });
  };
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
    if (Number.isNaN(v)) pesan.push(_("harus bilangan bulat ≥ 0"));
    var elId = td.dataset.el;
    if (v !== null && !Number.isNaN(v)) {
      var q = penyebut[elId];
      var den = q ? nilaiKolom(tr, q) : null;
      if (den !== null && !Number.isNaN(den) && v > den) pesan.push(sisip(_("melebihi penyebutnya (%(n)s)"), { n: den }, true));
      if (input.dataset.m) {
        var p = input.dataset.m.split("|"), med = parseFloat(p[0]), skala = parseFloat(p[1]);
        var selisih = v - med, z;
        if (skala > 0) z = selisih / skala; else z = Math.abs(selisih) > 0.5 * med ? Infinity : 0;
        if (Math.abs(selisih) >= SELISIH_MIN && Math.max(v, med) >= TINGKAT_MIN && Math.abs(z) > Z) {
          warn = sisip(_("jauh dari riwayat desa (median %(m)s): belum disimpan; periksa, lalu Simpan dan konfirmasi bila benar"), { m: med }, true);
        }
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
  // --- paste from Excel -----------------------------------------------------------------
  // The grid shows read-only columns (annual targets outside January) between the editable
  // ones; the template has none. So a pasted block is mapped by the template's column order
  // (or by the element-code header row when it was copied too), never cell by cell onto the
  // grid, and a row that starts with a village code goes to that village. Anything that cannot
  // be mapped is refused as a whole with the reason; nothing is guessed.
  var kolomTemplat = [];
  try { kolomTemplat = JSON.parse(document.getElementById("data-kolom-templat").textContent); } catch (e) {}
  var infoTempel = document.getElementById("info-tempel");
  var RE_DESA = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
  var RE_ANGKA = /^[\d.,\s-]*$/;
  var LABEL_TEMPLAT = ["kecamatan", "sektor", "bulan", "petunjuk", "desa"];

  function isi(teks, nilai) {
    return teks.replace(/%\((\w+)\)s/g, function (_m, k) { return nilai[k]; });
  }
  function norm(x) { return (x || "").trim().toLowerCase().replace(/\s+/g, "_"); }

  function kolomGrid() {
    // element code → {th, index in row, input name check}
    var peta = {};
    var ths = tabel.tHead.rows[0].children;
    Array.prototype.forEach.call(ths, function (th, i) {
      if (th.dataset.kode) peta[th.dataset.kode.toLowerCase()] = { th: th, i: i, el: th.dataset.el };
    });
    return peta;
  }
  function namaKolom(k) {
    var th = k.th, n = th.firstChild;
    return (n && n.nodeType === 3 ? n.textContent : th.textContent).trim();
  }
  function tampil(pesan, gagal) {
    if (!infoTempel) return;
    infoTempel.textContent = pesan;
    infoTempel.className = "small mb-1 alert py-1 px-2 " + (gagal ? "alert-danger" : "alert-info");
  }

  function petakan(teks, t0) {
    // → {isi: [[input, value]], ringkas: "..."} or {galat: "..."}
    var lines = teks.replace(/\r/g, "").replace(/\n+$/, "").split("\n").map(function (l) { return l.split("\t"); });
    var peta = kolomGrid();
    var rows = Array.prototype.slice.call(tabel.tBodies[0].rows);
    var perDesa = {};
    rows.forEach(function (tr) { perDesa[tr.dataset.desa] = tr; });
    var header = null, mulai = 0;
    for (var i = 0; i < lines.length; i++) {
      if (norm(lines[i][0]) === "kode_desa") { header = lines[i].map(norm); mulai = i + 1; break; }
    }
    if (!header) {
      // Label rows of the template (Kecamatan, Sektor, …) copied above the data carry no values.
      while (mulai < lines.length && LABEL_TEMPLAT.indexOf(norm(lines[mulai][0])) >= 0 && !RE_DESA.test(lines[mulai][0].trim())) mulai++;
    }
    var data = lines.slice(mulai);
    if (!data.length) return { galat: _("Tempelan hanya berisi judul kolom; tidak ada nilai.") };
    var berkode = data.every(function (l) { return RE_DESA.test(l[0].trim()); });
    var sebagianBerkode = data.some(function (l) { return RE_DESA.test(l[0].trim()); });
    if (sebagianBerkode && !berkode) return { galat: _("Sebagian baris tempelan diawali kode desa dan sebagian tidak; salin baris templat yang utuh.") };
    // Which pasted column goes to which element code (null = skipped on purpose).
    var tujuan = [], kolomDesa = -1;
    if (header) {
      for (var j = 0; j < header.length; j++) {
        var h = header[j];
        if (h === "kode_desa") { kolomDesa = j; tujuan.push(null); }
        else if (h === "nama_desa" || h === "") tujuan.push(null);
        else if (peta[h] || kolomTemplat.map(function (k) { return k.toLowerCase(); }).indexOf(h) >= 0) tujuan.push(h);
        else return { galat: isi(_("Kolom “%(k)s” pada tempelan bukan elemen data sektor ini; tidak ada yang ditempel."), { k: header[j] }) };
      }
      if (kolomDesa < 0) berkode = false;
    } else {
      var awal = 0;
      if (berkode) {
        kolomDesa = 0; awal = 1;
        // The village name follows the code in the template.
        if (data.every(function (l) { return l.length > 1 && !RE_ANGKA.test(l[1]); })) awal = 2;
      }
      var k0 = 0;
      if (!berkode) {
        var kodeFokus = tabel.tHead.rows[0].children[kolom(t0)].dataset.kode;
        k0 = kolomTemplat.indexOf(kodeFokus);
        if (k0 < 0) return { galat: _("Kolom ini tidak ada di templat; tempel ke kolom yang dapat diisi.") };
      }
      var lebar = Math.max.apply(null, data.map(function (l) { return l.length; }));
      for (var c = 0; c < lebar; c++) {
        if (c < awal) { tujuan.push(null); continue; }
        var kk = kolomTemplat[k0 + c - awal];
        if (kk === undefined) {
          var adaIsi = data.some(function (l) { return (l[c] || "").trim() !== ""; });
          if (adaIsi) return { galat: _("Tempelan lebih lebar daripada kolom templat; tidak ada yang ditempel.") };
          tujuan.push(null);
        } else tujuan.push(kk.toLowerCase());
      }
    }
    var isiSel = [], kosong = 0, desaKena = [], kolomKena = {};
    var r0 = rows.indexOf(baris(t0));
    for (var d = 0; d < data.length; d++) {
      var l = data[d], tr;
      if (berkode) {
        var kd = l[kolomDesa].trim();
        tr = perDesa[kd];
        if (!tr) return { galat: isi(_("Desa %(k)s pada tempelan tidak ada di kecamatan ini; tidak ada yang ditempel."), { k: kd }) };
      } else {
        tr = rows[r0 + d];
        if (!tr) return { galat: _("Tempelan lebih panjang daripada daftar desa; tidak ada yang ditempel.") };
      }
      var adaNilai = false;
      for (var c2 = 0; c2 < tujuan.length; c2++) {
        var kode = tujuan[c2];
        if (kode === null) continue;
        var v = (l[c2] || "").trim();
        if (v === "") { kosong++; continue; }
        if (!RE_ANGKA.test(v)) return { galat: isi(_("Sel “%(v)s” (baris %(b)s tempelan) bukan angka: kolomnya tidak cocok dengan templat; tidak ada yang ditempel."), { v: v, b: d + 1 }) };
        var k = peta[kode];
        if (!k) return { galat: isi(_("Kolom %(k)s tidak tampil pada kelompok indikator ini; buka kelompok “Semua” lalu tempel lagi. Tidak ada yang ditempel."), { k: kode }) };
        var inp = tr.children[k.i] && tr.children[k.i].querySelector("input");
        if (!inp) return { galat: isi(_("Kolom %(k)s hanya-baca bulan ini; tidak ada yang ditempel."), { k: namaKolom(k) }) };
        isiSel.push([inp, v]);
        kolomKena[kode] = k;
        adaNilai = true;
      }
      if (adaNilai) desaKena.push(tr.querySelector("th").textContent.trim());
    }
    if (!isiSel.length) return { galat: _("Tempelan tidak berisi nilai.") };
    // Read-only grid columns lying between the pasted ones were skipped on purpose: say so.
    var idx = Object.keys(kolomKena).map(function (x) { return kolomKena[x].i; });
    var lo = Math.min.apply(null, idx), hi = Math.max.apply(null, idx), dilewati = [];
    Object.keys(peta).forEach(function (x) {
      var k = peta[x];
      if (k.i > lo && k.i < hi && !kolomKena[x]) {
        var adaInput = rows.some(function (r) { return r.children[k.i] && r.children[k.i].querySelector("input"); });
        if (!adaInput) dilewati.push(namaKolom(k));
      }
    });
    var urut = Object.keys(kolomKena).sort(function (a, b) { return kolomKena[a].i - kolomKena[b].i; });
    var ringkas = isi(_("Ditempel %(n)s nilai ke %(d)s desa (%(desa)s), kolom: %(kolom)s."), {
      n: isiSel.length, d: desaKena.length,
      desa: desaKena.length > 3 ? desaKena.slice(0, 3).join(", ") + ", …" : desaKena.join(", "),
      kolom: urut.map(function (x) { return namaKolom(kolomKena[x]); }).join(", ")
    });
    if (dilewati.length) ringkas += " " + isi(_("Kolom hanya-baca dilewati: %(k)s."), { k: dilewati.join(", ") });
    if (kosong) ringkas += " " + isi(_("%(n)s sel kosong tidak mengubah isian."), { n: kosong });
    ringkas += " " + _("Belum disimpan: periksa lalu klik Simpan.");
    return { isi: isiSel, ringkas: ringkas };
  }

  tabel.addEventListener("paste", function (ev) {
    var t0 = ev.target;
    if (t0.tagName !== "INPUT" || !t0.closest("td")) return;
    var teks = (ev.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(teks.replace(/\r?\n$/, ""))) return;
    ev.preventDefault();
    var hasil = petakan(teks, t0);
    if (hasil.galat) { tampil(hasil.galat, true); return; }
    hasil.isi.forEach(function (p) { p[0].value = p[1]; });
    hasil.isi.forEach(function (p) {
      periksa(p[0]);
      baris(p[0]).querySelectorAll("td input").forEach(function (i) { if (i.value) periksa(i); });
    });
    diubah = true;
    tampil(hasil.ringkas, false);
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
  if (info) info.textContent = sisip(_("%(n)s sel dapat diisi."), { n: masukan().length }, true);
})();
