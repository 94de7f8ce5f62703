// The cohort page's progress bar: polls the run's progress every two seconds until it is finished,
// then reloads the page once (to show the figures and the button again). Without JavaScript the page
// refreshes itself (a <noscript> refresh).
(function () {
  "use strict";
  var data = document.getElementById("cohort-data");
  var box = document.getElementById("cohort-run");
  if (!data || !box) return;
  var settings = JSON.parse(data.textContent);
  var url = settings.url;
  function show(name, value) {
    var node = box.querySelector('[data-field="' + name + '"]');
    if (!node) return;
    if (name === "bar") node.value = value;
    else node.textContent = String(value);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (run) {
        if (!run) return setTimeout(poll, 5000);
        show("bar", run.percent);
        show("percent", run.percent);
        show("state_label", run.state_label || "");
        show("pairs", run.pairs.toLocaleString("vi-VN"));
        show("total", run.total.toLocaleString("vi-VN"));
        if (run.finished) window.location.reload();
        else setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  if (!settings.finished) setTimeout(poll, 2000);
})();
