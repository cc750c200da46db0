'use strict';
// Dashboard Kecamatan's partial plotly.js bundle: only the trace types its figures use.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/histogram')
]);
module.exports = Plotly;
