/* A permalink (/?figure=<id>) opens that figure's citation; this brings the figure's row on its
   chart into view as well, above the citation sheet on a phone. Once, on load, when the chart
   holding the row is drawn and the page has stopped moving; never after the reader has scrolled. */
(function () {
  "use strict";
  var wanted = new URLSearchParams(window.location.search).get("figure");
  if (!wanted) { return; }
  var POLL_MS = 150;
  var GIVE_UP_MS = 20000; // a figure on no chart (or an unknown id): leave the page where it is
  var RECHECK_MS = 600;   // one more look, in case a chart above was still settling
  var began = Date.now();
  var ownScroll = null;   // where this script last scrolled to
  var readerScrolled = false;
  var lastY = null;

  window.addEventListener("scroll", function () {
    if (ownScroll === null || Math.abs(window.scrollY - ownScroll) > 2) { readerScrolled = true; }
  }, {passive: true});

  // The page y of the figure's glyph: its trace point, placed by the chart's own y axis.
  function rowY() {
    var graphs = document.querySelectorAll(".chart .js-plotly-plot");
    for (var g = 0; g < graphs.length; g++) {
      var gd = graphs[g], layout = gd._fullLayout;
      // The traces it will show: a folded chart keeps a filter's new figure until opened.
      var shown = window.figuresCharts ? window.figuresCharts.traces(gd) : gd.data;
      if (!layout || !shown) { continue; }
      for (var t = 0; t < shown.length; t++) {
        var trace = shown[t], points = trace.customdata || [];
        for (var i = 0; i < points.length; i++) {
          if (!points[i] || points[i][0] !== wanted) { continue; }
          // Its chart is folded until opened (chart_disclosure.js): open it, measure next time.
          if (window.figuresCharts && window.figuresCharts.unfold(gd)) { return null; }
          var axis = layout[(trace.yaxis || "y").replace("y", "yaxis")];
          if (!axis || !axis.l2p) { return null; }
          return gd.getBoundingClientRect().top + window.scrollY + axis._offset + axis.l2p(trace.y[i]);
        }
      }
    }
    return null;
  }

  // The part of the window the page shows: above the citation when it is a bottom sheet.
  function visibleBottom() {
    var panel = document.querySelector(".citation-panel");
    var box = panel && getComputedStyle(panel).display !== "none" ? panel.getBoundingClientRect() : null;
    return box && box.top > 0 && box.left <= 1 ? box.top : window.innerHeight;
  }

  function inView(y) {
    var top = y - window.scrollY;
    return top >= 0 && top <= visibleBottom();
  }

  function bringIntoView(y) {
    // The glyph a little below the middle, so the words printed above it show too.
    ownScroll = Math.max(0, Math.round(y - visibleBottom() * 0.6));
    window.scrollTo(0, ownScroll);
    ownScroll = window.scrollY;
  }

  function opened() {
    var panel = document.querySelector(".citation-panel");
    return !!panel && getComputedStyle(panel).display !== "none";
  }

  function poll() {
    if (readerScrolled || Date.now() - began > GIVE_UP_MS) { return; }
    var y = opened() ? rowY() : null;
    // Twice at the same place: the charts above it are drawn and the page has stopped moving.
    if (y !== null && lastY !== null && Math.abs(y - lastY) < 1) {
      if (!inView(y)) { bringIntoView(y); }
      window.setTimeout(function () {
        var again = rowY();
        if (!readerScrolled && again !== null && !inView(again)) { bringIntoView(again); }
      }, RECHECK_MS);
      return;
    }
    lastY = y;
    window.setTimeout(poll, POLL_MS);
  }
  window.setTimeout(poll, POLL_MS);
})();
