/* The Reclaim page: polls the plugin's JSON and redraws; every action is a POST with the page's token. */
(function () {
  'use strict';
  var page = document.getElementById('reclaim');
  // absolute, from the origin: a page opened as http://user:password@host/... would otherwise hand
  // its credentials to every fetch, which browsers refuse
  var root = window.location.origin + page.dataset.root;
  var token = page.dataset.token;
  var expanded = {};
  var charts = { resources: null, live: null, resourceKey: null };
  window.reclaimCharts = charts;

  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  function get(path) {
    return fetch(root + '/' + path, { credentials: 'same-origin', cache: 'no-store' }).then(answer);
  }

  function post(path, params) {
    return fetch(root + '/' + path, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-Reclaim-Token': token, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params || {}).toString()
    }).then(answer);
  }

  function answer(response) {
    return response.json().then(function (json) {
      if (!response.ok) {
        throw new Error(json && json.error ? json.error : 'HTTP ' + response.status);
      }
      return json;
    });
  }

  function say(text, isError) {
    var message = document.getElementById('reclaim-message');
    message.textContent = text;
    message.className = 'reclaim-message' + (isError ? ' error' : '');
  }

  function cell(row, text, id) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (id) { td.id = id; }
    row.appendChild(td);
    return td;
  }

  function empty(body, columns, text) {
    var row = document.createElement('tr');
    var td = cell(row, text);
    td.colSpan = columns;
    td.className = 'empty';
    body.appendChild(row);
  }

  function age(millis) {
    var s = Math.floor(millis / 1000);
    if (s < 60) { return s + 's'; }
    if (s < 3600) { return Math.floor(s / 60) + 'm' + (s % 60) + 's'; }
    return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
  }

  function time(micros) {
    return micros >= 1000000 ? (micros / 1000000).toFixed(2) + 's'
      : micros >= 1000 ? (micros / 1000).toFixed(1) + 'ms' : micros + 'us';
  }

  function renderProcesses(processes) {
    var body = document.querySelector('#processes tbody');
    body.textContent = '';
    if (processes.length === 0) { empty(body, 7, 'no live processes'); return; }
    processes.forEach(function (p) {
      var row = document.createElement('tr');
      row.id = 'process-' + p.pid;
      cell(row, p.pid);
      cell(row, p.name);
      cell(row, p.state);
      cell(row, p.osPid === null ? '-' : p.osPid);
      var held = Object.keys(p.resources).map(function (type) {
        var r = p.resources[type];
        return type + ' ' + r.count + (r.bytes ? ' (' + r.bytes + ' B)' : '');
      });
      cell(row, held.length ? held.join(', ') : 'none');
      cell(row, age(p.ageMillis));
      var td = cell(row, '');
      var kill = document.createElement('button');
      kill.type = 'button';
      kill.id = 'kill-' + p.pid;
      kill.textContent = 'Kill';
      kill.disabled = p.state !== 'RUNNING';
      kill.addEventListener('click', function () {
        var grace = document.getElementById('kill-grace').value || '0';
        kill.disabled = true;
        say('terminating pid ' + p.pid + '...');
        post('kill', { pid: p.pid, grace: grace }).then(function (result) {
          expanded[p.pid] = true;
          say('pid ' + p.pid + ' ended: freed ' + result.freed + ' resources, ' + result.bytes + ' bytes, '
            + result.errorCount + ' errors');
          refresh();
        }).catch(function (e) { say(e.message, true); refresh(); });
      });
      td.appendChild(kill);
      body.appendChild(row);
    });
  }

  function renderHandlers(handlers) {
    var body = document.querySelector('#handlers tbody');
    var typing = document.activeElement;
    if (typing && typing.tagName === 'INPUT' && body.contains(typing)) { return; } // never under the user's typing
    body.textContent = '';
    if (handlers.length === 0) { empty(body, 6, 'no cleanup handlers'); return; }
    handlers.forEach(function (h) {
      var row = document.createElement('tr');
      row.id = 'handler-' + h.type;
      cell(row, h.position);
      cell(row, h.type);
      var td = cell(row, '');
      td.id = 'ranking-cell-' + h.type;
      var shown = document.createElement('span');
      shown.id = 'ranking-' + h.type;
      shown.textContent = h.ranking;
      td.appendChild(shown);
      if (h.configuration) {
        var input = document.createElement('input');
        input.type = 'number';
        input.className = 'ranking';
        input.id = 'ranking-input-' + h.type;
        input.value = h.ranking;
        var save = document.createElement('button');
        save.type = 'button';
        save.id = 'ranking-save-' + h.type;
        save.textContent = 'Save';
        save.addEventListener('click', function () {
          post('ranking', { type: h.type, ranking: input.value }).then(function (r) {
            say('ranking of ' + r.type + ' set to ' + r.ranking + ' (configuration ' + r.configuration + ')');
            input.blur();
            setTimeout(refresh, 300);
          }).catch(function (e) { say(e.message, true); });
        });
        td.appendChild(document.createTextNode(' '));
        td.appendChild(input);
        td.appendChild(save);
      }
      cell(row, h.serviceId);
      cell(row, h.bundle);
      cell(row, h.configuration || 'set in code');
      body.appendChild(row);
    });
  }

  function renderHistory(history) {
    var body = document.querySelector('#history tbody');
    body.textContent = '';
    if (history.length === 0) { empty(body, 10, 'no process has ended yet'); return; }
    history.forEach(function (p) {
      var row = document.createElement('tr');
      row.id = 'history-' + p.pid;
      var td = cell(row, '');
      var c = p.cleanup;
      if (c) {
        var toggle = document.createElement('button');
        toggle.type = 'button';
        toggle.id = 'expand-' + p.pid;
        toggle.textContent = expanded[p.pid] ? '-' : '+';
        toggle.addEventListener('click', function () { expanded[p.pid] = !expanded[p.pid]; refresh(); });
        td.appendChild(toggle);
      }
      cell(row, p.pid);
      cell(row, p.name);
      cell(row, p.osPid === null ? '-' : p.osPid);
      cell(row, p.ending);
      cell(row, p.exitCode === null ? '-' : p.exitCode);
      cell(row, c ? c.freed : '-');
      cell(row, c ? c.bytes : '-');
      cell(row, c ? c.errorCount : '-');
      cell(row, p.ended);
      body.appendChild(row);
      if (c && expanded[p.pid]) {
        var more = document.createElement('tr');
        more.className = 'outcomes';
        more.id = 'outcomes-' + p.pid;
        var inner = cell(more, '');
        inner.colSpan = 10;
        var table = document.createElement('table');
        table.className = 'outcomes-table';
        var head = document.createElement('tr');
        ['Type', 'Ranking', 'Freed', 'Bytes', 'Quarantined', 'Time', 'Error'].forEach(function (h) {
          var th = document.createElement('th'); th.textContent = h; head.appendChild(th);
        });
        table.appendChild(head);
        c.handlers.forEach(function (o) {
          var r = document.createElement('tr');
          r.className = 'outcome outcome-' + o.type;
          cell(r, o.type); cell(r, o.ranking); cell(r, o.freed); cell(r, o.bytes);
          cell(r, o.quarantined); cell(r, time(o.micros)); cell(r, o.error === null ? 'ok' : o.error);
          table.appendChild(r);
        });
        inner.appendChild(table);
        body.appendChild(more);
      }
    });
  }

  function renderLeaks(leaks) {
    var body = document.querySelector('#leaks tbody');
    body.textContent = '';
    document.getElementById('reap-button').disabled = leaks.length === 0;
    if (leaks.length === 0) { empty(body, 5, 'no leaks'); return; }
    leaks.forEach(function (l) {
      var row = document.createElement('tr');
      cell(row, l.pid); cell(row, l.type); cell(row, l.count); cell(row, l.bytes); cell(row, l.why);
      body.appendChild(row);
    });
  }

  function width() {
    return Math.max(400, Math.min(1100, page.clientWidth - 20));
  }

  function renderSeries(s) {
    document.getElementById('chart-interval').textContent = s.interval;
    if (typeof uPlot === 'undefined') { return; }
    // per type, only the types that did something in the window: 13 idle types would hide the rest
    var active = Object.keys(s.acquired).filter(function (type) {
      return s.acquired[type].some(function (v) { return v > 0; }) || s.released[type].some(function (v) { return v > 0; });
    });
    var series = [{}];
    var data = [s.t];
    active.forEach(function (type, i) {
      var color = COLORS[i % COLORS.length];
      series.push({ label: type + ' acquired', stroke: color, width: 2 });
      data.push(s.acquired[type]);
      series.push({ label: type + ' released', stroke: color, dash: [6, 4], width: 2 });
      data.push(s.released[type]);
    });
    if (active.length === 0) {
      series.push({ label: 'acquired (all types)', stroke: COLORS[0] });
      data.push(s.t.map(function () { return 0; }));
    }
    var key = series.map(function (x) { return x.label; }).join('|');
    if (!charts.resources || charts.resourceKey !== key) {
      if (charts.resources) { charts.resources.destroy(); }
      var target = document.getElementById('chart-resources');
      target.textContent = '';
      charts.resources = new uPlot({ title: 'Resources per ' + s.interval + ' s', width: width(), height: 260,
        series: series, axes: [{}, { label: 'resources' }] }, data, target);
      charts.resourceKey = key;
    } else {
      charts.resources.setData(data);
    }
    var live = [s.t, s.live];
    if (!charts.live) {
      charts.live = new uPlot({ title: 'Live processes', width: width(), height: 200,
        series: [{}, { label: 'live processes', stroke: '#2ca02c', fill: 'rgba(44,160,44,0.1)', width: 2 }],
        axes: [{}, { label: 'processes' }] }, live, document.getElementById('chart-live'));
    } else {
      charts.live.setData(live);
    }
  }

  var refreshing = false;
  function refresh() {
    if (refreshing) { return; }
    refreshing = true;
    Promise.all([get('processes.json'), get('handlers.json'), get('history.json'), get('leaks.json'), get('series.json')])
      .then(function (all) {
        renderProcesses(all[0]);
        renderHandlers(all[1]);
        renderHistory(all[2]);
        renderLeaks(all[3]);
        renderSeries(all[4]);
        page.dataset.refreshed = String(Date.now());
      })
      .catch(function (e) { say('could not read Reclaim: ' + e.message, true); })
      .then(function () { refreshing = false; });
  }

  document.getElementById('spawn-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var name = document.getElementById('spawn-name').value;
    var command = document.getElementById('spawn-command').value;
    post('spawn', { name: name, command: command }).then(function (p) {
      say('pid ' + p.pid + ' (' + p.name + ') spawned' + (p.osPid ? ', os pid ' + p.osPid : ''));
      refresh();
    }).catch(function (e) { say(e.message, true); });
  });

  document.getElementById('reap-button').addEventListener('click', function () {
    post('reap').then(function (reaped) {
      say(reaped.length === 0 ? 'nothing reaped' : 'reaped ' + reaped.length + ' pid(s)');
      refresh();
    }).catch(function (e) { say(e.message, true); });
  });

  refresh();
  setInterval(refresh, 2000);
}());
