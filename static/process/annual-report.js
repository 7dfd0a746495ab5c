// The annual report's PDF takes a few seconds to make. With JavaScript, the link fetches it while
// a progress bar and a status line say what is happening (how much has arrived once the server
// starts sending), then saves it. Without JavaScript the link downloads as usual.
(function () {
  var link = document.getElementById("annual-report-pdf");
  var box = document.getElementById("annual-report-progress");
  if (!link || !box || !window.fetch || !window.URL) { return; }
  var bar = box.querySelector("progress");
  var status = box.querySelector("[role=status]");
  function say(text) { status.textContent = text; }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    box.hidden = false;
    bar.removeAttribute("value");
    say(box.dataset.making);
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || !response.body) { throw new Error(String(response.status)); }
      var total = Number(response.headers.get("Content-Length")) || 0;
      var reader = response.body.getReader();
      var chunks = [];
      var received = 0;
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) { return new Blob(chunks, { type: "application/pdf" }); }
          chunks.push(step.value);
          received += step.value.length;
          if (total) { bar.max = total; bar.value = received; }
          return pump();
        });
      }
      return pump();
    }).then(function (blob) {
      bar.max = 1; bar.value = 1;
      say(box.dataset.done);
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = link.dataset.filename || "arsrapport.pdf";
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    }).catch(function () {
      bar.max = 1; bar.value = 0;
      say(box.dataset.failed);
    });
  });
})();
