/* The embedded chart: drawn from the figure the page carries as data (#chart-data), with the
   dashboard's own config; without a script the page still says what the chart shows. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    var figure = data.figure;
    // The frame's width, whatever the host page gives it: no fixed width, redrawn on resize.
    delete figure.layout.width;
    figure.layout.autosize = true;
    data.config.responsive = true;
    window.Plotly.newPlot("chart", figure.data, figure.layout, data.config);
  });
})();
