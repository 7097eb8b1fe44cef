// Small helpers for the admin page: canned answers, and a request list that notices new requests by itself.
(function () {
  "use strict";
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
