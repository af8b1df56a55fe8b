(function () {
  'use strict';
  // Runs first: any script error, console error or blocked resource is written into the page, so a
  // reader (and the browser test) sees that the report did not render completely.
  var root = document.documentElement;
  function record(message) {
    root.setAttribute('data-report-errors', (root.getAttribute('data-report-errors') || '') + message + '\n');
    var box = document.getElementById('report-errors');
    if (box) {
      box.hidden = false;
      box.textContent = 'This report did not render completely:\n' + root.getAttribute('data-report-errors');
    }
  }
  window.addEventListener('error', function (e) { record('error: ' + e.message); });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the page policy: ' + e.violatedDirective);
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
})();
