/* The comparisons section, drawn from its data (dashboard/web/layout.py, comparisons_data).

   As Dash components a claim took about forty of them, and the page's 600 kept Dash's renderer
   busy for seconds after every filter change; here a claim is a few plain elements. Every text is
   set with textContent, never parsed as HTML. A Citation button sets the page's selected figure,
   which opens the citation like a click on a chart or a table row. */
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

  function block(comparison, headers) {
    var head = element("tr", {}, headers.map(function (text) {
      return element("th", {scope: "col", text: text});
    }).concat([element("th", {scope: "col"}, [
      element("span", {"class": "visually-hidden", text: "Citation"})
    ])]));
    function rows(statements) {
      return statements.map(function (statement) {
        var cells = statement.cells.map(function (text, i) {
          var attributes = {text: text};
          if (i < 3) { attributes["data-label"] = headers[i]; }
          if (i === 3) { attributes.title = statement.source_title; }
          if (i === 4) { attributes["class"] = "quote-cell"; }
          return element("td", attributes);
        });
        cells.push(element("td", {}, [element("button", {
          type: "button", "class": "button button-small", "data-figure": statement.id,
          "aria-label": statement.label, text: "Citation"
        })]));
        return element("tr", {}, cells);
      });
    }
    function table(statements) {
      return element("div", {"class": "table-scroll"}, [
        element("table", {"class": "compare-table"}, [
          element("thead", {}, [head.cloneNode(true)]), element("tbody", {}, rows(statements))
        ])
      ]);
    }
    // Under a filter that hides some of the claim's statements: how many are shown, and the
    // rest folded away below, each with its Citation button.
    var hidden = (comparison.hidden || []).length ? [
      element("details", {"class": "comparison-hidden"}, [
        element("summary", {text: comparison.hidden_summary}), table(comparison.hidden)
      ])
    ] : [];
    var details = element("details", {
      "class": "comparison" + (comparison.differs ? " comparison-differs" : "")
    }, [
      element("summary", {}, [
        element("strong", {text: comparison.measure}),
        document.createTextNode(" "),
        element("span", {
          "class": "flag " + (comparison.differs ? "flag-differs" : "flag-agrees"),
          text: comparison.flag
        }),
        document.createTextNode(" "),
        element("span", {"class": "hint", text: comparison.shown || ""})
      ]),
      table(comparison.statements)
    ].concat(hidden));
    // Every comparison folds to its line (the measure and what differs, flagged): the overview
    // above marks the same disagreements, and the page stays short.
    details.open = false;
    return details;
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.comparisons = {
    draw: function (data, containerId, selectedId) {
      var container = document.getElementById(containerId);
      if (!container) { return window.dash_clientside.no_update; }
      if (!container.dataset.listening) {
        container.dataset.listening = "yes";
        container.addEventListener("click", function (event) {
          var button = event.target.closest("button[data-figure]");
          if (button) {
            window.dash_clientside.set_props(selectedId, {data: button.dataset.figure});
          }
        });
      }
      if (!data) {
        container.replaceChildren(element("p", {text: "Preparing the comparisons\u2026"}));
        return 0;
      }
      var nodes = data.notice ? [element("p", {text: data.notice})] : [];
      data.blocks.forEach(function (comparison) { nodes.push(block(comparison, data.headers)); });
      container.replaceChildren.apply(container, nodes);
      return data.blocks.length;
    }
  };
})();
