"""Read the forms of a rendered page the way a browser would submit them, so a test can post a
page's own form with a few values changed."""

from html.parser import HTMLParser


class _Pengurai(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulir = []  # [{"action", "method", "data": [(name, value)]}]
        self._select = None
        self._opsi = None
        self._textarea = None

    def _data(self):
        if not self.formulir:
            self.formulir.append({"action": "", "method": "get", "data": []})
        return self.formulir[-1]["data"]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.formulir.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "data": [],
                }
            )
        elif tag == "input" and a.get("name"):
            jenis = (a.get("type") or "text").lower()
            if jenis in ("submit", "button", "image", "reset", "file"):
                return
            if jenis in ("checkbox", "radio") and "checked" not in a:
                return
            self._data().append((a["name"], a.get("value", "on" if jenis == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {
                "name": a["name"],
                "pilih": None,
                "pertama": None,
                "ganda": "multiple" in a,
            }
        elif tag == "option" and self._select is not None:
            nilai = a.get("value")
            self._opsi = {"value": nilai, "teks": ""}
            if "selected" in a:
                self._select["pilih"] = self._select["pilih"] or []
                self._select["pilih"].append(nilai)
            if self._select["pertama"] is None:
                self._select["pertama"] = self._opsi
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "teks": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["teks"] += data
        if self._opsi is not None:
            self._opsi["teks"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._opsi is not None:
            if self._opsi["value"] is None:
                self._opsi["value"] = self._opsi["teks"].strip()
            self._opsi = None
        elif tag == "select" and self._select is not None:
            s = self._select
            if s["pilih"]:
                for v in s["pilih"]:
                    self._data().append((s["name"], v if v is not None else ""))
            elif s["pertama"] is not None and not s["ganda"]:
                self._data().append((s["name"], s["pertama"]["value"] or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._data().append((self._textarea["name"], self._textarea["teks"].lstrip("\n")))
            self._textarea = None


def formulir(html):
    """Every form of the page: [{"action", "method", "data": {name: value or [values]}}]."""
    p = _Pengurai()
    p.feed(html)
    hasil = []
    for f in p.formulir:
        data = {}
        for k, v in f["data"]:
            if k in data:
                data[k] = [*data[k], v] if isinstance(data[k], list) else [data[k], v]
            else:
                data[k] = v
        hasil.append({"action": f["action"], "method": f["method"], "data": data})
    return hasil


def formulir_post(html):
    """The data of the page's main POST form: the one with most fields (the menu's logout and
    language forms are small); {} when the page has none."""
    post = [f for f in formulir(html) if f["method"] == "post"]
    return dict(max(post, key=lambda f: len(f["data"]))["data"]) if post else {}
