// Follow the wallet: ask every few seconds whether anything changed (a new assessment, a
// badge issued or revoked) and reload the page when it did. And copy a share link with one
// press. The page is complete without either: links can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var link = document.getElementById(button.getAttribute("data-copy"));
    if (!link || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        button.textContent = button.getAttribute("data-done");
      });
    });
  });
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
