// Small helpers for the admin page: the phone menu, canned answers, a request list that notices new requests.
(function () {
  "use strict";
  document.documentElement.classList.add("js");  // the phone menu folds only when it can be opened again
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var select = form.querySelector("select[name=status]");
      var risky = (form.dataset.confirmFor || "").split(" ");
      if (!select || risky.indexOf(select.value) < 0) { return; }
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
      var sure = document.createElement("input");  // asked here: the page need not ask again
      sure.type = "hidden"; sure.name = "confirm"; sure.value = "1";
      form.appendChild(sure);
    });
  });
  var canned = document.getElementById("canned");
  if (canned) {
    canned.addEventListener("change", function () {
      var target = document.getElementById(canned.dataset.target);
      if (canned.value && target) { target.value = canned.value; target.focus(); }
    });
  }
  var preparing = document.getElementById("preparing");
  document.querySelectorAll("a.download").forEach(function (link) {
    link.addEventListener("click", function () { if (preparing) { preparing.hidden = false; } });
  });
  var table = document.getElementById("request-list");
  if (table) {
    var latest = Number(table.dataset.latest);
    setInterval(function () {
      fetch(table.dataset.poll, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.latest === latest) { return; }
          latest = data.latest;
          return fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); })
            .then(function (html) {
              var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("request-list");
              if (fresh) { table.innerHTML = fresh.innerHTML; }
              var note = document.getElementById("new-requests");
              if (note) { note.hidden = false; }
            });
        }).catch(function () { /* offline for a moment: try again at the next tick */ });
    }, Number(table.dataset.interval || 10000));
  }
})();
