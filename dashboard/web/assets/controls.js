/* Filter controls: name the period slider's year inputs and thumbs and the dropdowns' focus
   targets for screen readers, and apply a typed year on Enter (Dash's RangeSlider applies its
   inputs on blur only). */
(function () {
  "use strict";
  var NAMES = [
    [".dash-range-slider-min-input", "First year of the period"],
    [".dash-range-slider-max-input", "Last year of the period"],
    [".dash-slider-thumb-1", "First year of the period"],
    [".dash-slider-thumb-2", "Last year of the period"]
  ];

  // Dash 4's dropdowns take keyboard focus on an input marked aria-hidden (a focusable element
  // screen readers cannot see): unhide it and name it by the control's label and current value.
  function nameDropdowns() {
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
      var button = input.parentNode.querySelector("button.dash-dropdown");
      if (!button || !button.id) { return; }
      var names = button.id + "-label " + button.id + "-value";
      if (input.getAttribute("aria-labelledby") !== names) {
        input.removeAttribute("aria-hidden");
        input.setAttribute("aria-labelledby", names);
      }
    });
  }

  function label() {
    nameDropdowns();
    NAMES.forEach(function (pair) {
      document.querySelectorAll("#period-slider " + pair[0]).forEach(function (element) {
        if (element.getAttribute("aria-label") !== pair[1]) {
          element.setAttribute("aria-label", pair[1]);
        }
      });
    });
  }

  new MutationObserver(label).observe(document.documentElement, {childList: true, subtree: true});

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input.classList && input.classList.contains("dash-range-slider-input")) {
      event.preventDefault();
      input.blur();  // Dash commits the typed year on blur
      input.focus();
    }
  });
})();
