// The dashboard's pure functions under Node's own test runner:
//   node --test tests/dashboard/dashboard_test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const dashboard = require(path.join(__dirname, '..', '..', 'server',
                                    'dashboard', 'dashboard.js'));

// An answer in the REST shape, as the service gives it.
function answer() {
  return {
    data: [
      {projectId: 'p1', projectName: 'Roads', labelerId: 'ana', imagesLabeled: 5,
       boxesAdded: 10, boxesRemoved: 1, boxesUpdated: 2, approved: 3, rejected: 1},
      {projectId: 'p2', projectName: '', labelerId: 'ana', imagesLabeled: 4,
       boxesAdded: 1, boxesRemoved: 0, boxesUpdated: 0, approved: 0, rejected: 0},
      {projectId: 'p1', projectName: 'Roads', labelerId: 'bo', imagesLabeled: 12,
       boxesAdded: 3, boxesRemoved: 2, boxesUpdated: 1, approved: 0, rejected: 0},
      {projectId: 'p2', projectName: '', labelerId: 'ghost', imagesLabeled: 9,
       boxesAdded: 0, boxesRemoved: 0, boxesUpdated: 0, approved: 29, rejected: 3},
    ],
    labelers: [{id: 'ana', displayName: 'Ana Müller'}, {id: 'bo', displayName: ''}],
    stats: {},
  };
}

test('labelers are summed over projects, most images first', () => {
  const labelers = dashboard.summarizeLabelers(answer());
  assert.deepEqual(labelers.map((l) => [l.id, l.name, l.images]),
                   [['bo', 'bo', 12], ['ana', 'Ana Müller', 9], ['ghost', 'ghost', 9]]);
  const ana = labelers[1];
  assert.equal(ana.boxesAdded, 11);
  assert.equal(ana.imagesByProject.get('p1'), 5);
  assert.equal(ana.imagesByProject.get('p2'), 4);
});

test('approval rate is null without reviews and rounds half up', () => {
  const labelers = dashboard.summarizeLabelers(answer());
  const byId = new Map(labelers.map((l) => [l.id, l]));
  assert.equal(byId.get('bo').approvalRate, null);
  assert.equal(byId.get('ana').approvalRate, 75);
  assert.equal(byId.get('ghost').approvalRate, 90.63);  // 29 of 32: 90.625
  assert.equal(dashboard.approvalRate(0, 0), null);
  assert.equal(dashboard.approvalRate(1, 2), 33.33);
});

test('projects get colors in order and fall back to their id', () => {
  const legend = dashboard.projectLegend(answer());
  assert.deepEqual(legend.map((p) => [p.id, p.name]), [['p1', 'Roads'], ['p2', 'p2']]);
  assert.notEqual(legend[0].color, legend[1].color);
});

test('the stats path escapes the workspace and repeats filters', () => {
  const path = dashboard.statsPath({
    workspace: 'acme vision/x', startDate: '2024-01-01', endDate: '2024-03-31',
    projectId: 'p1, p2,,', userId: '', key: 'secret'});
  assert.equal(path, '/acme%20vision%2Fx/stats?startDate=2024-01-01&endDate=2024-03-31' +
                     '&projectId=p1&projectId=p2');
  assert.ok(!path.includes('secret'), 'the key travels in a header, not the URL');
});

test('the default range is the last 90 UTC days', () => {
  assert.deepEqual(dashboard.defaultRange(new Date(Date.UTC(2024, 2, 31, 23, 59))),
                   {startDate: '2024-01-02', endDate: '2024-03-31'});
});

test('errors show the service message, else the HTTP status', () => {
  assert.equal(dashboard.errorText(403, '{"code":7,"message":"wrong key","details":[]}'),
               'HTTP 403: wrong key');
  assert.equal(dashboard.errorText(502, '<html>bad gateway</html>'), 'HTTP 502');
});
