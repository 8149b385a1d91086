/* Chart image downloads that stay cited: the PNG or SVG carries the chart's title, the filters
   applied (layout.meta.image, written by the server) and the titles and licences of the sources
   the chart draws (meta.image.sources: their file names), credited from the page's one source
   list (the root's data-sources-url, fetched once on the first download). */
(function () {
  "use strict";
  var EXTRA_TOP = 70;
  var EXTRA_BOTTOM = 60;
  var KEY_LINE_PX = 16;

  function wrap(text, width) {
    var words = String(text).split(" ");
    var lines = [""];
    words.forEach(function (word) {
      var last = lines.length - 1;
      if ((lines[last] + " " + word).trim().length > width) { lines.push(word); }
      else { lines[last] = (lines[last] + " " + word).trim(); }
    });
    return lines;
  }

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // The page's source list, fetched once: a promise of {file name: credit}.
  var credits = null;
  function sourceCredits() {
    if (!credits) {
      var page = document.querySelector("[data-sources-url]");
      var url = page && page.getAttribute("data-sources-url");
      credits = !url ? Promise.resolve({}) : fetch(url, {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (body) { return body.credits || {}; })
        .catch(function () { credits = null; return {}; });  // asked again next time
    }
    return credits;
  }

  // "Sources: <credit>; <credit>" for the file names a chart draws (a name alone if unknown).
  function sourcesLine(names, known) {
    var listed = (names || []).map(function (name) { return known[name] || name; });
    return listed.length ? "Sources: " + listed.join("; ") : "";
  }

  function graphDiv(graphId) {
    return document.querySelector("#" + CSS.escape(graphId) + " .js-plotly-plot");
  }

  // The figure to export: the chart as drawn plus a title, the filters, the chart's key (hidden
  // on the page, which has its own above the charts: charts.key_annotation) and a sources footer
  // (`known`: the credits by file name, from sourceCredits).
  function imageFigure(graphId, known) {
    var gd = graphDiv(graphId);
    if (!gd || !gd.layout) { return null; }
    var layout = JSON.parse(JSON.stringify(gd.layout));
    var meta = (layout.meta && layout.meta.image) || {};
    var width = gd._fullLayout ? gd._fullLayout.width : 800;
    var chars = Math.max(40, Math.floor(width / 7));
    var footer = wrap(sourcesLine(meta.sources, known || {}), chars).map(escapeText);
    var keyHeight = 0;
    layout.annotations = (layout.annotations || []).map(function (note) {
      if (note.name !== "key") { return note; }
      keyHeight = KEY_LINE_PX * note.text.split("<br>").length + 12;
      return Object.assign({}, note, {visible: true});
    });
    var bottom = EXTRA_BOTTOM + 14 * footer.length + keyHeight;
    layout.margin = Object.assign({}, layout.margin);
    layout.margin.t = (layout.margin.t || 0) + EXTRA_TOP;
    layout.margin.b = (layout.margin.b || 0) + bottom;
    layout.height = (layout.height || 400) + EXTRA_TOP + bottom;
    layout.width = width;
    // Title and filters as an annotation just above the plot: a layout title at the top edge
    // lost its first pixels in the exported image.
    var heading = {
      text: "<b>" + escapeText(meta.title || "") + "</b><br>" + escapeText(meta.filters || ""),
      xref: "paper", yref: "paper", x: 0, y: 1, xanchor: "left", yanchor: "bottom", yshift: 26,
      align: "left", showarrow: false, font: {size: 13, color: "#1a1a1a"}
    };
    layout.annotations = (layout.annotations || []).concat([heading, {
      text: footer.join("<br>"), xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left",
      yanchor: "top", yshift: -12 - keyHeight, align: "left", showarrow: false,
      font: {size: 11, color: "#555"}
    }]);
    return {data: gd.data, layout: layout};
  }

  // The figure to export with its sources credited: a promise (the list may still be on its way).
  function citedImageFigure(graphId) {
    return sourceCredits().then(function (known) { return imageFigure(graphId, known); });
  }

  // Redraw a chart at its box's new width (window resized, citation panel opened or closed);
  // its height stays the one the server set, which fits its rows.
  var widths = new WeakMap();
  var pending = null;
  function fitWidths() {
    pending = null;
    document.querySelectorAll(".chart .js-plotly-plot").forEach(function (gd) {
      // A folded chart is fitted when it is opened (chart_disclosure.js), not redrawn unseen.
      if (window.figuresCharts && window.figuresCharts.folded(gd)) { return; }
      var width = Math.floor(gd.parentElement.getBoundingClientRect().width);
      if (!gd._fullLayout || width <= 0 || widths.get(gd) === width) { return; }
      widths.set(gd, width);
      if (Math.abs(gd._fullLayout.width - width) > 1) {
        window.Plotly.relayout(gd, {width: width, height: gd._fullLayout.height});
      }
    });
  }
  function soon() { if (!pending) { pending = setTimeout(fitWidths, 120); } }
  window.addEventListener("resize", soon);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(soon);
    var watching = setInterval(function () {
      var page = document.querySelector(".chart-grid");
      if (page) { clearInterval(watching); observer.observe(page); }
    }, 100);
  }

  window.figuresDashboard = Object.assign(window.figuresDashboard || {}, {
    imageFigure: imageFigure, citedImageFigure: citedImageFigure
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".image-download");
    if (!button || !window.Plotly) { return; }
    var graphId = button.getAttribute("data-graph");
    var format = button.getAttribute("data-format");
    citedImageFigure(graphId).then(function (figure) {
      if (!figure) { return; }
      // A PNG at the scale the graph's config asks (layout.GRAPH_CONFIG: twice the pixels, sharp
      // on a high-density screen or in print); an SVG has no pixels to scale.
      var options = (graphDiv(graphId)._context || {}).toImageButtonOptions || {};
      window.Plotly.downloadImage(figure, {
        format: format,
        filename: graphId,
        width: figure.layout.width,
        height: figure.layout.height,
        scale: format === "png" ? options.scale || 1 : 1
      });
    });
  });
})();

/* Once the first charts are drawn and painted, ask for the rest of the first view
   (dashboard/web/callbacks.py, prefill_layout and deferred_outputs). dcc.Graph loads plotly.js
   lazily, so "painted" means a plot exists, not merely the page. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.charts = {
  /* A later chart's figure (ids.LATER_THEMES), from its store: the first one mounts the chart's
     graph into its slot, in place of "Drawing the chart…"; after that the graph is updated in
     place. A graph Dash does not know yet is returned as the slot's children, so Dash registers
     it (its clicks, its id) as if the server had sent it. */
  show: function (figure, slotId, props) {
    var noUpdate = window.dash_clientside.no_update;
    if (!figure) { return noUpdate; }
    var graphId = props.graphs[slotId];
    var known;  // whether Dash's layout holds the graph (getLayout throws for an unknown id)
    try { known = !!window.dash_component_api.getLayout(graphId); } catch { known = false; }
    if (known) {
      window.dash_clientside.set_props(graphId, {figure: figure});
      return noUpdate;
    }
    return {
      type: "Graph",
      namespace: "dash_core_components",
      props: {id: graphId, figure: figure, config: props.config, responsive: false}
    };
  },
  afterFirstPaint: function () {
    var GIVE_UP_MS = 10000; // a page whose charts never draw still gets the rest
    var began = Date.now();
    return new Promise(function (resolve) {
      function check() {
        var drawn = document.querySelector(".chart-grid .js-plotly-plot .main-svg");
        if (drawn || Date.now() - began > GIVE_UP_MS) {
          // requestAnimationFrame runs just before a paint; the timeout, just after it.
          window.requestAnimationFrame(function () {
            window.setTimeout(function () { resolve(Date.now()); }, 0);
          });
        } else {
          window.setTimeout(check, 50);
        }
      }
      check();
    });
  }
};
