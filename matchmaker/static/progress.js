// Polls a long job's progress: <div data-job-url="/jobs/7" data-done-url="/...">.
(function () {
  document.querySelectorAll("[data-job-url]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-job-message]");
    function poll() {
      fetch(box.dataset.jobUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); })
        .then(function (job) {
          if (bar) { bar.value = Math.round(job.progress * 100); }
          if (text) { text.textContent = job.error || job.message || ""; }
          if (job.status === "done" || job.status === "failed") {
            if (box.dataset.doneUrl) { window.location = box.dataset.doneUrl; }
            return;
          }
          setTimeout(poll, 700);
        }).catch(function () { setTimeout(poll, 2000); });
    }
    poll();
  });
})();
