// The cell meeting's live quota: when a level select changes, ask the server what the grassroots
// organisation's HTXS quota would be with the selects as they stand (nothing is saved), and show it.
// The server counts again on submit; without JavaScript the figures shown are those saved.
(function () {
  "use strict";
  var data = document.getElementById("meeting-quota-data");
  var form = document.getElementById("meeting-form");
  if (!data || !form) return;
  var url = JSON.parse(data.textContent).url;
  function query() {
    var parts = [];
    form.querySelectorAll("select[data-quota]").forEach(function (select) {
      var key = select.name.replace(/^level_/, "");
      if (key.charAt(0) === "m" && select.value) {
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(select.value));
      }
    });
    return parts.join("&");
  }
  function show(quotas) {
    quotas.forEach(function (quota, index) {
      var line = document.querySelector('[data-quota-index="' + index + '"]');
      if (!line) return;
      ["excellent", "good", "allowed_excellent", "to_reduce", "message"].forEach(function (name) {
        var node = line.querySelector('[data-field="' + name + '"]');
        if (node) node.textContent = String(quota[name]);
      });
      line.classList.toggle("errorlist", quota.exceeded);
    });
  }
  form.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("select[data-quota]")) return;
    fetch(url + "?" + query(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (found) { if (found) show(found.quotas); })
      .catch(function () {});
  });
})();
