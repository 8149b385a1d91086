/* Folded charts (layout._chart: each chart's graph sits in a <details> until opened). A graph
   drawn while folded had no width to fit, so plotly used its default: opening one fits each
   graph inside to the card. A link or permalink to a folded chart opens it first.

   A folded chart is not redrawn while it stays folded: every filter change sends each chart's
   new figure, and plotly redrawing the eight charts nobody could see took 0.1-0.3 s each at
   1,000 documents, most of a change's time. Plotly.react on a graph already drawn and folded
   keeps its arguments instead, and opening the chart draws the latest of them. A graph's first
   drawing is never held back: Dash binds its click events once that one is done. Paper shows
   folded charts unfolded (style.css), so printing draws every held figure first. */
(function () {
  "use strict";

  var held = new WeakMap();  // graph div -> the arguments of the Plotly.react it was spared
  var react = null;  // plotly's own Plotly.react, once wrapped

  function folded(gd) {
    var details = gd && gd.closest && gd.closest("details.chart-body");
    return !!details && !details.open;
  }

  // Wrap Plotly.react once plotly is loaded (this file runs before the bundle: assets load in
  // name order).
  function spareFolded() {
    var Plotly = window.Plotly;
    if (!Plotly || Plotly.react.sparesFolded) { return; }
    react = Plotly.react;
    var wrapped = function (gd) {
      if (gd && gd._fullLayout && typeof gd.on === "function" && folded(gd)) {
        held.set(gd, Array.prototype.slice.call(arguments));
        return Promise.resolve(gd);
      }
      held.delete(gd);
      return react.apply(this, arguments);
    };
    wrapped.sparesFolded = true;
    Plotly.react = wrapped;
  }
  document.addEventListener("DOMContentLoaded", spareFolded);
  spareFolded();

  // The traces a graph shows, or will show once opened.
  function traces(gd) {
    var args = held.get(gd);
    var figure = args && args[1];
    return (figure && figure.data) || gd.data || [];
  }

  // Every held figure drawn now, folded or not (printing).
  function drawHeld() {
    document.querySelectorAll(".chart .js-plotly-plot").forEach(function (gd) {
      var args = held.get(gd);
      held.delete(gd);
      if (args && react) { react.apply(window.Plotly, args); }
    });
  }
  window.addEventListener("beforeprint", drawHeld);

  function fit(details) {
    if (!window.Plotly) { return; }
    details.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      var args = held.get(gd);
      held.delete(gd);
      var drawn = args ? window.Plotly.react.apply(window.Plotly, args) : Promise.resolve();
      drawn.then(function () { window.Plotly.Plots.resize(gd); });
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
  window.figuresCharts.traces = traces;
  window.figuresCharts.folded = folded;
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
      var shown = traces(graphs[g]);
      for (var t = 0; t < shown.length; t++) {
        var points = shown[t].customdata || [];
        for (var i = 0; i < points.length; i++) {
          if (points[i] && points[i][0] === id) { return window.figuresCharts.unfold(graphs[g]); }
        }
      }
    }
    return false;
  };
})();
