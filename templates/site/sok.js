/* rusplan site: search in the prebuilt index (sok-indeks.js), no server and no request to another host. */
(function () {
  "use strict";
  var index = window.RUSPLAN_SOK || [];
  var input = document.getElementById("q");
  var status = document.getElementById("sok-status");
  var list = document.getElementById("sok-treff");
  var LIMIT = 200;
  function norm(text) { return (text || "").normalize("NFC").toLocaleLowerCase("nb"); }
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  if (input) { input.value = query; }
  if (!query || !status || !list) { return; }
  var words = norm(query).split(/\s+/).filter(function (w) { return w.length > 0; });
  var hits = index.filter(function (row) {
    var text = norm(row[1] + " " + row[2]);
    return words.every(function (w) { return text.indexOf(w) !== -1; });
  });
  hits.slice(0, LIMIT).forEach(function (row) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = row[0];
    link.textContent = row[1];
    var where = document.createElement("span");
    where.className = "where";
    where.textContent = row[3];
    item.appendChild(link);
    item.appendChild(where);
    if (row[2]) {
      var text = document.createElement("p");
      text.className = "note";
      text.textContent = row[2];
      item.appendChild(text);
    }
    list.appendChild(item);
  });
  var shown = hits.length > LIMIT ? " (viser de første " + LIMIT + ")" : "";
  status.textContent = hits.length === 0 ? "Ingen tiltak passer med «" + query + "»." :
    hits.length + (hits.length === 1 ? " tiltak passer" : " tiltak passer") + " med «" + query + "»" + shown + ".";
  document.title = "«" + query + "» – Søk i tiltakene";
}());
