// Opens the cell a link (or the address's #fragment) points at, and copies
// counterexamples. The page works without it: a cell's summary opens it too.
(function () {
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var cell = id && document.getElementById(id);
    if (cell && cell.tagName === "DETAILS") {
      cell.open = true;
      cell.scrollIntoView({ block: "start" });
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) return;
    var code = button.parentElement.querySelector("code");
    function copied() {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    function selectIt() {
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = document.execCommand("copy") ? "Copied" : "Press Ctrl+C";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(copied, selectIt);
    } else {
      selectIt();
    }
  });
})();
