// dyad: link highlights in the text to the events list — hovering either lights up the other.
(function () {
  "use strict";
  function byEvent(id) { return document.querySelectorAll('mark[data-events~="' + id + '"]'); }
  function setActive(ids, on) {
    ids.forEach(function (id) {
      if (!/^[0-9a-f]+$/i.test(id)) { return; }
      byEvent(id).forEach(function (m) { m.classList.toggle("active", on); });
      var li = document.getElementById("ev-" + id);
      if (li) { li.classList.toggle("active", on); }
    });
  }
  document.querySelectorAll("article.text mark[data-events]").forEach(function (mark) {
    var ids = (mark.getAttribute("data-events") || "").split(" ").filter(Boolean);
    mark.addEventListener("mouseenter", function () { setActive(ids, true); });
    mark.addEventListener("mouseleave", function () { setActive(ids, false); });
  });
  document.querySelectorAll("li[data-event]").forEach(function (li) {
    var id = li.getAttribute("data-event");
    li.addEventListener("mouseenter", function () { setActive([id], true); });
    li.addEventListener("mouseleave", function () { setActive([id], false); });
  });
  var current = document.querySelector("article.text mark.current");
  if (current && current.scrollIntoView) { current.scrollIntoView({ block: "center" }); }
})();
