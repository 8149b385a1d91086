/* Folded charts (layout._chart: each chart's graph sits in a <details> until opened). A graph
   drawn while folded had no width to fit, so plotly used its default: opening one fits each
   graph inside to the card. A link or permalink to a folded chart opens it first. */
(function () {
  "use strict";

  function fit(details) {
    if (!window.Plotly) { return; }
    details.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      window.Plotly.Plots.resize(gd);
    });
  }

  // "toggle" does not bubble: listen in the capture phase for every chart's <details>.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.open && details.classList && details.classList.contains("chart-body")) {
      fit(details);
    }
  }, true);

  window.figuresCharts = window.figuresCharts || {};
  // Open the folded chart holding `node` (a row, a graph); true when it was folded.
  window.figuresCharts.unfold = function (node) {
    var details = node && node.closest && node.closest("details.chart-body");
    if (!details || details.open) { return false; }
    details.open = true;
    return true;
  };

  // Open the folded chart that draws figure `id` (its marks carry the id first in customdata).
  window.figuresCharts.unfoldFigure = function (id) {
    var graphs = document.querySelectorAll(".chart .js-plotly-plot");
    for (var g = 0; g < graphs.length; g++) {
      var traces = graphs[g].data || [];
      for (var t = 0; t < traces.length; t++) {
        var points = traces[t].customdata || [];
        for (var i = 0; i < points.length; i++) {
          if (points[i] && points[i][0] === id) { return window.figuresCharts.unfold(graphs[g]); }
        }
      }
    }
    return false;
  };
})();
