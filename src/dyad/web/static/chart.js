// dyad: render the Vega-Lite specs embedded in the page (#chart from #chart-spec, #map from
// #map-spec) with the locally served Vega bundle (window.vegaEmbed). No network access is needed:
// the map's boundaries come from this server's /geo/world-110m.json.
(function () {
  "use strict";
  function render(holderId, specId, emptyText) {
    var holder = document.getElementById(holderId);
    var specNode = document.getElementById(specId);
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
      holder.innerHTML = '<p class="empty">' + emptyText + "</p>";
      return;
    }
    holder.innerHTML = "";
    window.vegaEmbed(holder, spec, { renderer: "svg", actions: false })
      .then(function () { holder.setAttribute("data-state", "rendered"); })
      .catch(function (err) { fail(String(err && err.message || err)); });
  }
  render("chart", "chart-spec", "No dated events to chart.");
  render("map", "map-spec", "No events to map.");
})();
