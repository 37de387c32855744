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
  // The words come from the catalog, in the site's language, on the status element (search.html.j2).
  var words = status.dataset;
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? String(values[name]) : whole; });
  }
  var limited = hits.length > LIMIT ? fill(words.limited, {limit: LIMIT}) : "";
  status.textContent = hits.length === 0 ? fill(words.none, {query: query}) :
    fill(hits.length === 1 ? words.one : words.many, {count: hits.length, query: query, limited: limited});
  document.title = fill(words.title, {query: query});
}());
