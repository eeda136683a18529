// Follow the wallet: ask every few seconds whether anything changed (a new assessment, a
// badge issued or revoked) and reload the page when it did. The page is complete without it.
(function () {
  "use strict";
  var note = document.getElementById("live-note");
  if (!note || !window.fetch) { return; }
  var seen = note.getAttribute("data-fingerprint");
  window.setInterval(function () {
    fetch("/wallet/fingerprint", { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (body) {
        if (body && body.fingerprint && body.fingerprint !== seen) { window.location.reload(); }
      })
      .catch(function () { /* offline for a moment: try again next round */ });
  }, 2000);
})();
