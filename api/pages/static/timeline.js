// The slider walks through the moments at which events happened (or were recorded): moving
// it fills the date field and asks for the state as of that moment. Without JavaScript
// the date field and the Show button do the same.
(function () {
  "use strict";
  var form = document.getElementById("asof-form");
  var slider = document.getElementById("slider");
  var field = document.getElementById("as_of");
  if (!form || !slider || !field) { return; }
  var moments = JSON.parse(form.getAttribute("data-moments") || "[]");
  form.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  slider.addEventListener("input", function () {
    var moment = moments[Number(slider.value) - 1];
    if (moment) { field.value = moment; slider.setAttribute("aria-valuetext", moment); }
  });
  slider.addEventListener("change", function () { form.requestSubmit(); });
})();
