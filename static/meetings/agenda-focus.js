// After htmx redraws the agenda, put the keyboard focus back on the button that was used
// (or on the agenda's heading when that button is gone), so keyboard users keep their place.
document.body.addEventListener("htmx:afterSwap", function (event) {
  var form = event.detail.requestConfig && event.detail.requestConfig.elt;
  var id = form && form.id;
  var again = id && document.getElementById(id);
  var target = again ? again.querySelector("button") : document.getElementById("agenda-heading");
  if (target) { target.focus(); }
});
