/* The receipt page (member_receipt.html): print button, and the device's draft copy of this report is
   forgotten once a version newer than it has been handed in. */
(function () {
  "use strict";
  var button = document.getElementById("print-receipt");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
  var node = document.getElementById("receipt-data");
  if (!node) { return; }
  var data = JSON.parse(node.textContent);
  try {
    var local = JSON.parse(window.localStorage.getItem(data.storageKey) || "null");
    if (local && Date.parse(local.savedAt) <= Date.parse(data.submittedAt)) {
      window.localStorage.removeItem(data.storageKey);
    }
  } catch (e) { /* storage disabled: nothing kept */ }
}());
