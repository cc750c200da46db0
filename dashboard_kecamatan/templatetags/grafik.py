import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from plotly.utils import PlotlyJSONEncoder

register = template.Library()

# As json_script does: user-written names in a figure cannot close the <script> tag.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def grafik(fig, id_elemen, tautan=False, label=""):
    """Render a Plotly figure: an empty div plus its JSON, drawn by static/js/grafik.js.

    Pages load the scripts with {% include "partials/plotly.html" %} in their scripts block.
    `tautan=True` makes a click on a point follow the URL in its customdata[0].
    """
    data = fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig
    data = {"data": data.get("data", []), "layout": data.get("layout", {}), "tautan": tautan}
    teks = json.dumps(data, cls=PlotlyJSONEncoder, separators=(",", ":")).translate(_ESCAPES)
    # The chart library arrives after the content (static/js/grafik.js): hold the figure's
    # height meanwhile so the tables below it do not jump when it is drawn.
    tinggi = data["layout"].get("height") or 450
    return format_html(
        '<div id="{}" class="grafik grafik-memuat" role="img" aria-label="{}" '
        'style="min-height:{}px"></div>'
        '<script type="application/json" data-grafik="{}">{}</script>',
        id_elemen,
        label,
        int(tinggi),
        id_elemen,
        mark_safe(teks),  # escaped for a <script> context just above
    )
