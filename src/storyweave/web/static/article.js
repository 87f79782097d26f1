// Bring the cited sentence (the #s-N in the address) into view and mark it.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".sent.cited").forEach(function (s) { s.classList.remove("cited"); });
    var m = location.hash.match(/^#s-(\d+)$/);
    if (!m) return;
    var s = document.getElementById("s-" + m[1]);
    if (!s) return;
    s.classList.add("cited");
    s.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
