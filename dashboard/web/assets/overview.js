/* The overview: every quantity shown, one line each under the chart that draws it, drawn from its
   data (dashboard/web/overview.py) like the comparisons. Every text is set with textContent. A
   line is a link to the figure's own address; a plain click opens its citation in the page (the
   selected figure), which also opens and scrolls to the chart that draws it. */
(function () {
  "use strict";

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attributes[name]; }
      else { node.setAttribute(name, attributes[name]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function line(item) {
    var parts = [element("a", {href: "?figure=" + encodeURIComponent(item.figure),
      "data-figure": item.figure, text: item.text})];
    if (item.differs) {
      parts.push(document.createTextNode(" "));
      parts.push(element("span", {"class": "flag flag-differs", text: "statements differ in " + item.differs}));
    }
    return element("li", {"class": item.differs ? "overview-differs" : ""}, parts);
  }

  function group(data) {
    var parts = [
      element("h3", {}, [element("a", {href: "#" + data.chart, text: data.title})]),
      element("ul", {"class": "overview-lines"}, data.lines.map(line))
    ];
    if (data.more) {
      parts.push(element("p", {"class": "hint", text: "\u2026and " + data.more.toLocaleString("en") +
        " more quantities: narrow the filters, or see them all in the table."}));
    }
    return element("div", {"class": "overview-group"}, parts);
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.overview = {
    draw: function (data, containerId, selectedId) {
      var container = document.getElementById(containerId);
      if (!container) { return window.dash_clientside.no_update; }
      if (!container.dataset.listening) {
        container.dataset.listening = "yes";
        container.addEventListener("click", function (event) {
          var link = event.target.closest("a[data-figure]");
          // A click with a modifier opens the address in a new tab, as a link does.
          if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
          event.preventDefault();
          if (window.figuresCharts) { window.figuresCharts.unfoldFigure(link.dataset.figure); }
          window.dash_clientside.set_props(selectedId, {data: link.dataset.figure});
        });
      }
      if (!data) {
        container.replaceChildren(element("p", {text: "Preparing the overview\u2026"}));
        return 0;
      }
      var nodes = [];
      if (!data.groups.length) {
        nodes.push(element("p", {text: "No figure matches these filters."}));
      }
      data.groups.forEach(function (item) { nodes.push(group(item)); });
      if (data.empty.length) {
        nodes.push(element("p", {"class": "hint overview-empty",
          text: "Nothing shown under these filters for: " + data.empty.join(", ") + "."}));
      }
      container.replaceChildren.apply(container, nodes);
      return data.quantities;
    }
  };
})();
