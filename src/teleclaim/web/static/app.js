// Search as you type on the home page (the form still works without JavaScript).
(function () {
  var box = document.getElementById("q");
  var out = document.getElementById("live-results");
  if (!box || !out) return;
  var timer = null, last = "";
  function render(data) {
    out.innerHTML = "";
    (data.results || []).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/codes/" + encodeURIComponent(r.code) + "?system=" + encodeURIComponent(r.system);
      a.textContent = r.code + " — " + r.name;
      var s = document.createElement("span");
      s.className = "muted";
      s.textContent = " (" + r.system + ")";
      li.appendChild(a); li.appendChild(s); out.appendChild(li);
    });
    var st = document.getElementById("live-status");
    if (st) st.textContent = (data.results || []).length + " results";
  }
  box.addEventListener("input", function () {
    var q = box.value.trim();
    if (q === last) return;
    last = q;
    clearTimeout(timer);
    if (!q) { out.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch("/v1/search?limit=10&q=" + encodeURIComponent(q)).then(function (r) { return r.json(); })
        .then(render).catch(function () {});
    }, 150);
  });
})();
