/* Every chart row and table row reachable from the keyboard, opening its citation as a click does.

   A chart is one Tab stop: a listbox of its rows (each row's words, from the data its click target
   carries: dashboard/web/chart_marks.py). Up and Down (Home, End) move between the rows, a ring
   on the chart shows which, and the listbox's active option is what a screen reader announces;
   Enter (or Space) sends the graph the click a pointer would (its clickData), so the citation
   opens through the same callback. The listbox itself is visually hidden and sits at the active
   row, so scrolling it into view (the citation panel returns focus to it) shows that row.
   In the table, Enter selects the focused row, as Space and a click already do.
   No inline script: the page's Content-Security-Policy allows scripts from its own origin only. */
(function () {
  "use strict";
  var RING_PAD_PX = 3;
  var POINT_RING_PX = 30; // the ring around a time series' point
  var prepared = new WeakSet();

  /* The rows of a chart, top to bottom: every point whose data is [id, hover, words]. */
  function rowsOf(gd) {
    var rows = [];
    var seen = {};
    (gd.data || []).forEach(function (trace, t) {
      (trace.customdata || []).forEach(function (data, i) {
        if (!data || data.length < 3 || seen[data[0]]) { return; }
        seen[data[0]] = true;
        rows.push({id: data[0], words: data[2], trace: t, point: i, data: data});
      });
    });
    return rows;
  }

  function axis(gd, name) {
    return gd._fullLayout && gd._fullLayout[name.charAt(0) + "axis" + name.slice(1)];
  }

  /* A row's box in the plot's pixels: a bar's extent, or a square around a point. */
  function boxOf(gd, row) {
    var trace = gd.data[row.trace];
    var xa = axis(gd, trace.xaxis || "x");
    var ya = axis(gd, trace.yaxis || "y");
    if (!xa || !ya) { return null; }
    var i = row.point;
    var x0, x1, y0, y1;
    if (trace.type === "bar") {
      var base = Array.isArray(trace.base) ? trace.base[i] : trace.base;
      var start = xa.d2c(base);
      var half = trace.width[i] / 2;
      x0 = xa.c2p(start);
      x1 = xa.c2p(start + trace.x[i]);
      y0 = ya.c2p(trace.y[i] - half);
      y1 = ya.c2p(trace.y[i] + half);
    } else {
      var x = xa.c2p(xa.d2c(trace.x[i]));
      var y = ya.c2p(ya.d2c(trace.y[i]));
      x0 = x - POINT_RING_PX / 2; x1 = x + POINT_RING_PX / 2;
      y0 = y - POINT_RING_PX / 2; y1 = y + POINT_RING_PX / 2;
    }
    var clamp = function (v, length) { return Math.max(0, Math.min(length, v)); };
    var left = clamp(Math.min(x0, x1), xa._length), right = clamp(Math.max(x0, x1), xa._length);
    var top = clamp(Math.min(y0, y1), ya._length), bottom = clamp(Math.max(y0, y1), ya._length);
    return {
      left: xa._offset + left - RING_PAD_PX, top: ya._offset + top - RING_PAD_PX,
      width: right - left + 2 * RING_PAD_PX, height: bottom - top + 2 * RING_PAD_PX
    };
  }

  /* "Famine deaths: 5 statements. Up and down arrows …": the chart's title and how to use it. */
  function label(gd, count) {
    var chart = gd.closest("figure");
    var title = chart && chart.querySelector("h2, h3");
    var rows = count === null ? "its statements" : count + " statement" + (count === 1 ? "" : "s");
    return (title ? title.textContent : "Chart") + ": " + rows + ". Up and down arrows move "
      + "between them; Enter opens the sentence each comes from.";
  }

  /* One chart's keyboard state: its listbox, its ring, its rows and the active one. */
  function Chart(gd) {
    this.gd = gd;
    this.rows = [];
    this.active = 0;
    this.stale = true;
    this.list = document.createElement("div");
    this.list.className = "visually-hidden chart-rows";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", label(gd, null)); // its rows are listed on first focus
    this.list.tabIndex = 0;
    this.ring = document.createElement("div");
    this.ring.className = "chart-row-focus";
    this.ring.setAttribute("aria-hidden", "true");
    var style = this.ring.style;
    style.position = "absolute";
    style.pointerEvents = "none";
    style.outline = "3px solid var(--orange, #E69F00)";
    style.borderRadius = "4px";
    style.display = "none";
    this.list.addEventListener("focus", this.show.bind(this));
    this.list.addEventListener("blur", this.hide.bind(this));
    this.list.addEventListener("keydown", this.key.bind(this));
    this.drawn();
  }

  Chart.prototype.graphId = function () {
    var graph = this.gd.closest(".dash-graph");
    return graph && graph.id;
  };

  /* The listbox and the ring live in plotly's own box (position: relative, the plot's size). */
  Chart.prototype.attach = function () {
    var box = this.gd.querySelector(".svg-container");
    if (!box) { return; }
    if (this.list.parentNode !== box) { box.appendChild(this.list); }
    if (this.ring.parentNode !== box) { box.appendChild(this.ring); }
  };

  /* The options, again when the figure has changed (filters, a selection): the same row stays
     active when it is still drawn. */
  Chart.prototype.refresh = function () {
    if (!this.stale) { return; }
    this.stale = false;
    var activeId = this.rows[this.active] && this.rows[this.active].id;
    this.rows = rowsOf(this.gd);
    var found = this.rows.map(function (r) { return r.id; }).indexOf(activeId);
    this.active = found >= 0 ? found : Math.min(this.active, Math.max(0, this.rows.length - 1));
    var list = this.list;
    var prefix = (this.graphId() || "chart") + "-row-";
    list.textContent = "";
    this.rows.forEach(function (row, k) {
      var option = document.createElement("div");
      option.setAttribute("role", "option");
      option.id = prefix + k;
      option.setAttribute("aria-selected", "false");
      option.textContent = row.words;
      list.appendChild(option);
    });
    list.setAttribute("aria-label", label(this.gd, this.rows.length));
    this.mark();
  };

  /* The active option for screen readers; the listbox placed at its row. */
  Chart.prototype.mark = function () {
    var list = this.list;
    Array.prototype.forEach.call(list.children, function (option, k) {
      option.setAttribute("aria-selected", k === this.active ? "true" : "false");
    }, this);
    var option = list.children[this.active];
    if (option) { list.setAttribute("aria-activedescendant", option.id); }
    else { list.removeAttribute("aria-activedescendant"); }
    var box = this.rows.length ? boxOf(this.gd, this.rows[this.active]) : null;
    if (box) {
      list.style.top = box.top + "px";
      list.style.left = box.left + "px";
    }
    return box;
  };

  Chart.prototype.show = function () {
    this.attach();
    this.refresh();
    var box = this.mark();
    var style = this.ring.style;
    if (!box) { style.display = "none"; return; }
    style.left = box.left + "px";
    style.top = box.top + "px";
    style.width = box.width + "px";
    style.height = box.height + "px";
    style.display = "block";
  };

  Chart.prototype.hide = function () { this.ring.style.display = "none"; };

  /* The same click a pointer sends: the graph's clickData, for its callback. */
  Chart.prototype.open = function () {
    var row = this.rows[this.active];
    var graphId = this.graphId();
    if (!row || !graphId || !window.dash_clientside.set_props) { return; }
    window.dash_clientside.set_props(graphId, {clickData: {points: [
      {curveNumber: row.trace, pointNumber: row.point, customdata: row.data}
    ]}});
  };

  Chart.prototype.key = function (event) {
    this.refresh();
    var last = this.rows.length - 1;
    var moves = {ArrowDown: this.active + 1, ArrowUp: this.active - 1, Home: 0, End: last};
    if (Object.prototype.hasOwnProperty.call(moves, event.key)) {
      event.preventDefault();
      this.active = Math.max(0, Math.min(last, moves[event.key]));
      this.show();
      this.ring.scrollIntoView({block: "nearest"});
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.open();
    }
  };

  /* After every draw: the figure may have new rows; keep the listbox and ring in plotly's box.
     A chart with no row ("No figure in this theme matches") is no Tab stop. */
  Chart.prototype.drawn = function () {
    this.stale = true;
    this.attach();
    this.list.tabIndex = rowsOf(this.gd).length ? 0 : -1;
    if (document.activeElement === this.list) { this.show(); }
  };

  function prepare(gd) {
    if (prepared.has(gd) || !gd._fullLayout || !gd.on) { return; }
    prepared.add(gd);
    var chart = new Chart(gd);
    gd.on("plotly_afterplot", chart.drawn.bind(chart));
    // A row answers anywhere on it: say so with the pointer.
    var cursor = function (value) {
      gd.querySelectorAll(".nsewdrag").forEach(function (drag) { drag.style.cursor = value; });
    };
    gd.on("plotly_hover", function () { cursor("pointer"); });
    gd.on("plotly_unhover", function () { cursor(""); });
  }

  var scheduled = false;
  function scan() {
    scheduled = false;
    document.querySelectorAll(".chart .js-plotly-plot").forEach(prepare);
  }
  function soon() {
    if (!scheduled) { scheduled = true; window.requestAnimationFrame(scan); }
  }
  // Dash renders the charts after this script runs, and mounts the later ones when their
  // figures arrive (assets/charts.js): watch the charts' grid for new graphs.
  var waiting = setInterval(function () {
    var grid = document.querySelector(".chart-grid");
    if (!grid) { return; }
    clearInterval(waiting);
    new MutationObserver(soon).observe(grid, {childList: true, subtree: true});
    soon();
  }, 100);

  /* The table: Enter on a row selects it, which opens its citation (callbacks.grid_selection). */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !window.dash_ag_grid) { return; }
    var row = event.target.closest && event.target.closest(".ag-row[row-id]");
    var root = row && row.closest(".ag-root-wrapper");
    var host = root && root.parentElement && root.parentElement.closest("[id]");
    if (!host) { return; }
    var api;
    try { api = window.dash_ag_grid.getApi(host.id); } catch { return; }
    var node = api && api.getRowNode(row.getAttribute("row-id"));
    if (node) {
      event.preventDefault();
      node.setSelected(true, true);
    }
  });
})();
