// Drag-and-drop on top of the plain file input: dropping a file fills the input and
// submits the same form, so the page works identically with or without JavaScript.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("badge");
  var form = document.getElementById("verify-form");
  if (!zone || !input || !form || !window.DataTransfer) { return; }
  zone.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
    input.files = event.dataTransfer.files;
    form.requestSubmit();
  });
})();
