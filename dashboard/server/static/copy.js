/* The figure page's copy buttons: shown only when a script can run (the page reads without one),
   each copies the citation text it names (data-copy) and says so in its status line. */
(function () {
  "use strict";
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent;
      var status = button.nextElementSibling;
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Copied.";
      }, function () {
        status.textContent = "Copy failed: select the text and copy it.";
      });
    });
  });
})();
