(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var body = document.body;
  var rendered = 0;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  // After a chart's first draw: count painted pixels and mark the canvas, so "rendered" is checkable.
  var marker = {
    id: 'assayRendered',
    afterRender: function (chart) {
      var canvas = chart.canvas;
      if (canvas.getAttribute('data-rendered') === 'true') {
        return;
      }
      var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      var painted = 0;
      for (var i = 3; i < pixels.length; i += 4) {
        if (pixels[i] !== 0) {
          painted++;
        }
      }
      canvas.setAttribute('data-painted-pixels', String(painted));
      canvas.setAttribute('data-rendered', 'true');
      rendered++;
      body.setAttribute('data-charts-rendered', String(rendered));
    }
  };

  // Integer axes (versions) keep their ends; value axes get some room so edge points are not cut.
  function axis(title, integer) {
    var a = {type: 'linear', title: {display: true, text: title}};
    if (integer) {
      a.ticks = {stepSize: 1, precision: 0};
    } else {
      a.grace = '8%';
    }
    return a;
  }

  // A point 'assay monitor' judged anomalous is drawn as a larger red cross.
  function anomalous(ctx) {
    return ctx.raw !== undefined && ctx.raw.anomalous === true;
  }

  function lines(series) {
    return series.map(function (s) {
      return {label: s.label, data: s.points, showLine: true, tension: 0,
        pointRadius: function (ctx) { return anomalous(ctx) ? 9 : 4; },
        pointStyle: function (ctx) { return anomalous(ctx) ? 'crossRot' : 'circle'; },
        pointBorderWidth: function (ctx) { return anomalous(ctx) ? 3 : 1; },
        pointBorderColor: function (ctx) { return anomalous(ctx) ? '#c62828' : ctx.dataset.borderColor; }};
    });
  }

  var metric = data.metric + (data.higherIsBetter ? ' (higher is better)' : ' (lower is better)');
  var builders = {
    byEvalVersion: function () {
      return {type: 'scatter', data: {datasets: lines(data.byEvalVersion)},
        options: {scales: {x: axis('evaluation data version', true), y: axis(metric)}}};
    },
    byModelVersion: function () {
      return {type: 'scatter', data: {datasets: lines(data.byModelVersion)},
        options: {scales: {x: axis('model version', true), y: axis(metric)}}};
    },
    slices: function () {
      return {type: 'bar', data: {labels: data.slices.labels, datasets: data.slices.datasets},
        options: {scales: {y: {title: {display: true, text: metric}}}}};
    },
    latency: function () {
      return {type: 'scatter', data: {datasets: data.latency.map(function (p) {
        return {label: p.label, data: [{x: p.x, y: p.y}], pointRadius: 7};
      })}, options: {scales: {x: axis('p95 single-row latency (ms)'), y: axis(metric)}}};
    }
  };

  var canvases = document.querySelectorAll('canvas[data-chart]');
  body.setAttribute('data-charts-expected', String(canvases.length));
  canvases.forEach(function (canvas) {
    var config = builders[canvas.getAttribute('data-chart')]();
    config.plugins = [marker];
    new Chart(canvas, config);
  });
  if (document.documentElement.hasAttribute('data-report-errors')) {
    var box = document.getElementById('report-errors');
    box.hidden = false;
    box.textContent = 'This report did not render completely:\n'
      + document.documentElement.getAttribute('data-report-errors');
  }
})();
