/* The citation panel: focus moves into it when it opens, and back to where the reader was when
   Escape or "Close citation" closes it; "Copy citation" copies the ready-made text. No inline
   script: the page's Content-Security-Policy allows scripts from its own origin only. */
(function () {
  "use strict";
  // The panel's ids come from the page (data-dom-ids on its root, dashboard/web/ids.py), not
  // repeated here; read once the layout is rendered.
  var domIds = null;
  function ids() {
    if (domIds) { return domIds; }
    var root = document.querySelector("[data-dom-ids]");
    if (!root) { return {}; }  // not rendered yet: ask again next time
    domIds = JSON.parse(root.getAttribute("data-dom-ids"));
    return domIds;
  }
  var opener = null;      // the element focus returns to when the panel closes
  var lastTouched = null; // the control or chart the reader last clicked or typed in
  var openerId = null;    // Dash may re-render the opener: find its successor by id

  function focusable(element) {
    // Chart figures and grid rows are not focusable by default: give them a programmatic stop.
    if (element && element.tabIndex < 0 && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    return element;
  }

  function remember(event) {
    var panel = document.getElementById(ids().citationPanel);
    if (!panel || panel.contains(event.target)) { return; }
    var target = event.target.closest
      ? event.target.closest("button, a, input, [role='gridcell'], .ag-cell, figure.chart")
      : null;
    if (target) { lastTouched = target; }
  }
  document.addEventListener("pointerdown", remember, true);
  document.addEventListener("keydown", remember, true);

  function opened(panel) {
    var active = document.activeElement;
    opener = active && active !== document.body && !panel.contains(active) ? active : lastTouched;
    openerId = opener && opener.id;
    document.body.classList.add("citation-open");
    panel.setAttribute("aria-modal", window.innerWidth < 900 ? "true" : "false");
    var heading = document.getElementById(ids().citationHeading);
    if (heading) { heading.focus({preventScroll: false}); }
  }

  function closed(panel) {
    document.body.classList.remove("citation-open");
    var inside = panel.contains(document.activeElement) || document.activeElement === document.body;
    if (opener && !document.contains(opener) && openerId) {
      opener = document.getElementById(openerId);
    }
    if (inside && opener && document.contains(opener)) {
      var target = focusable(opener);
      target.focus({preventScroll: true});
      // The page widens again once the panel is gone: bring the opener into view after that.
      setTimeout(function () { target.scrollIntoView({block: "center"}); }, 150);
    }
    opener = null;
    openerId = null;
  }

  function watch(panel) {
    var wasOpen = panel.classList.contains("is-open");
    if (wasOpen) { opened(panel); }
    new MutationObserver(function () {
      var isOpen = panel.classList.contains("is-open");
      if (isOpen && !wasOpen) { opened(panel); }
      if (!isOpen && wasOpen) { closed(panel); }
      wasOpen = isOpen;
    }).observe(panel, {attributes: true, attributeFilter: ["class"]});
    // Another figure chosen while the panel is open: its new content is announced by focus.
    new MutationObserver(function () {
      if (panel.classList.contains("is-open")) {
        var heading = document.getElementById(ids().citationHeading);
        if (heading && !panel.contains(document.activeElement)) { heading.focus(); }
      }
    }).observe(document.getElementById(ids().citation), {childList: true});
  }

  // On a phone the sheet covers the page: Tab cycles inside it until it is closed.
  function trapTab(event, panel) {
    if (window.innerWidth >= 900) { return; }
    var stops = Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button, input, [tabindex]:not([tabindex='-1'])"),
      function (el) { return el.offsetParent !== null; });
    if (!stops.length) { return; }
    var first = stops[0], last = stops[stops.length - 1];
    var inside = panel.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault(); first.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    var open = document.getElementById(ids().citationPanel);
    if (event.key === "Tab" && open && open.classList.contains("is-open")) {
      trapTab(event, open);
      return;
    }
    if (event.key !== "Escape") { return; }
    var panel = document.getElementById(ids().citationPanel);
    if (panel && panel.classList.contains("is-open")) {
      event.preventDefault();
      document.getElementById(ids().citationClose).click();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-citation");
    if (!button) { return; }
    var text = document.getElementById(button.getAttribute("data-target")).textContent;
    var status = button.parentNode.querySelector(".copy-status");
    var done = function () { status.textContent = "Copied."; };
    var failed = function () { status.textContent = "Select the text above and copy it."; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  });

  // Dash renders the layout after this script runs: wait for the panel to exist.
  var waiting = setInterval(function () {
    var panel = document.getElementById(ids().citationPanel);
    if (panel && document.getElementById(ids().citation)) {
      clearInterval(waiting);
      watch(panel);
    }
  }, 50);
})();
