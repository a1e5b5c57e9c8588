/* The service builder, made friendlier where JavaScript runs; every form works without it.
 *
 * - A field form shows only the inputs that mean something for the chosen type.
 * - A condition shows the builder or the expression box, by the chosen mode, and
 *   the value box suggests only the chosen field's options.
 * Loaded with `defer` from a static file: no inline script (the site's CSP).
 */
(function () {
  "use strict";

  function typeInputs(form) {
    var type = form.querySelector("select[name='type']");
    if (!type) { return; }
    function update() {
      form.querySelectorAll("[data-types]").forEach(function (box) {
        var types = box.getAttribute("data-types").split(" ");
        box.classList.toggle("is-hidden-by-type", types.indexOf(type.value) === -1);
      });
    }
    type.addEventListener("change", update);
    update();
  }

  function condition(box) {
    var key = box.getAttribute("data-condition");
    var field = box.querySelector("select[name='" + key + "_field']");
    var list = box.querySelector("datalist");
    var all = list ? Array.prototype.slice.call(list.querySelectorAll("option")) : [];
    function mode() {
      var chosen = box.querySelector("input[name='" + key + "_mode']:checked");
      var value = chosen ? chosen.value : "none";
      ["none", "builder", "expression"].forEach(function (name) {
        box.classList.toggle("condition--" + name, name === value);
      });
    }
    function values() {
      if (!list) { return; }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      all.forEach(function (option) {
        if (!field.value || option.getAttribute("data-field") === field.value) { list.appendChild(option); }
      });
    }
    box.querySelectorAll("input[name='" + key + "_mode']").forEach(function (radio) {
      radio.addEventListener("change", mode);
    });
    if (field) { field.addEventListener("change", values); }
    mode();
    values();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.builder-form").forEach(typeInputs);
    document.querySelectorAll("[data-condition]").forEach(condition);
  });
}());
