// Show only the cadence sub-fields that fit the chosen cadence. Without JavaScript all of
// them are shown and the server ignores those that do not apply.
(function () {
  var cadence = document.getElementById("id_cadence");
  if (!cadence) { return; }
  var fields = {
    times_per_year: ["id_meetings_per_year"],
    every_n_weeks: ["id_interval_weeks", "id_meeting_weekday"],
    custom: []
  };
  var all = ["id_meetings_per_year", "id_interval_weeks", "id_meeting_weekday"];
  function update() {
    var shown = fields[cadence.value] || all;
    all.forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { input.closest(".field").hidden = shown.indexOf(id) === -1; }
    });
  }
  cadence.addEventListener("change", update);
  update();
})();
