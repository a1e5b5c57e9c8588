/* Progressive enhancement: reveal or hide conditional fields as the citizen
   answers, without a round trip. The server stays the judge: it evaluates
   every `when` again on each post and drops hidden answers. Without this
   file a newly relevant question appears after "Simpan dan lanjutkan". */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live]");
  if (!form || !window.JSON) { return; }

  function read(name, isBoolean) {
    var element = form.elements[name];
    if (!element) { return null; }
    if (element.type === "checkbox") { return element.checked; }
    var value = element.value;
    if (isBoolean) { return value === "ya" ? true : (value === "tidak" ? false : null); }
    return value === "" ? null : value;
  }

  function holds(term) {
    if (term.all) { return term.all.every(holds); }
    if (term.any) { return term.any.some(holds); }
    var value = read(term.field, term.boolean);
    var same = typeof term.value === "number" ? Number(value) === term.value : value === term.value;
    return term.op === "==" ? same : (value !== null && !same);
  }

  function update() {
    var blocks = form.querySelectorAll("[data-when]");
    for (var i = 0; i < blocks.length; i++) {
      var shown = holds(JSON.parse(blocks[i].getAttribute("data-when")));
      blocks[i].hidden = !shown;
      var marker = blocks[i].querySelector("input[data-marker]");
      if (marker) { marker.name = shown ? "_field" : "_later"; }
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
})();
