// The timeline filtered by entity: the story's dated events it takes part in, and its own
// timeline (undated happenings placed between dated ones) in place of the others.
(function () {
  "use strict";
  var select = document.getElementById("tl-entity");
  if (!select) return;
  var rows = document.querySelectorAll("#timeline table.events tr.event");
  var tables = document.querySelectorAll("#timeline table.entity-tl");
  select.addEventListener("change", function () {
    var id = select.value;
    rows.forEach(function (tr) {
      tr.hidden = id !== "" && (tr.getAttribute("data-actors") || "").split(" ").indexOf(id) < 0;
    });
    tables.forEach(function (t) { t.hidden = t.getAttribute("data-entity") !== id; });
  });
})();
