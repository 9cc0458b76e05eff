// dyad: render the Vega-Lite spec embedded in the page into #chart, with the locally served
// Vega bundle (window.vegaEmbed). No network access is needed.
(function () {
  "use strict";
  var holder = document.getElementById("chart");
  var specNode = document.getElementById("chart-spec");
  if (!holder || !specNode) { return; }
  function fail(message) {
    holder.setAttribute("data-state", "error");
    holder.innerHTML = "";
    var p = document.createElement("p");
    p.className = "error small";
    p.textContent = "The chart could not be drawn (" + message + "); the table below has the same data.";
    holder.appendChild(p);
  }
  if (typeof window.vegaEmbed !== "function") {
    fail(window.dyadChartError || "chart libraries not loaded");
    return;
  }
  var spec;
  try { spec = JSON.parse(specNode.textContent); } catch (e) { fail("bad spec"); return; }
  var values = spec && spec.data && spec.data.values;
  if (Array.isArray(values) && values.length === 0) {
    holder.setAttribute("data-state", "empty");
    holder.innerHTML = '<p class="empty">No dated events to chart.</p>';
    return;
  }
  holder.innerHTML = "";
  window.vegaEmbed(holder, spec, { renderer: "svg", actions: false })
    .then(function () { holder.setAttribute("data-state", "rendered"); })
    .catch(function (err) { fail(String(err && err.message || err)); });
})();
