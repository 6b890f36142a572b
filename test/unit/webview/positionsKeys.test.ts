import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyHelp, positionsKey, stepSelection } from '../../../webview/layout/positionsKeys';
import type { PositionsState } from '../../../webview/state';

const flat: PositionsState = { projection: 'pca2d', yaw: 0, pitch: 0, selected: 5 };
const cube: PositionsState = { ...flat, projection: 'pca3d' };

test('stepSelection stays within the table and starts at an end when nothing is selected', () => {
  assert.equal(stepSelection(5, 1, 10), 6);
  assert.equal(stepSelection(9, 10, 10), 9);
  assert.equal(stepSelection(0, -1, 10), 0);
  assert.equal(stepSelection(-1, 1, 10), 0);
  assert.equal(stepSelection(-1, -1, 10), 9);
  assert.equal(stepSelection(3, 1, 0), -1);
});

test('arrow keys step the selection in the flat projections, Shift by ten', () => {
  assert.deepEqual(positionsKey({ key: 'ArrowRight', shift: false }, flat, 512), { selected: 6 });
  assert.deepEqual(positionsKey({ key: 'ArrowLeft', shift: true }, flat, 512), { selected: 0 });
  assert.deepEqual(positionsKey({ key: 'ArrowUp', shift: true }, flat, 512), { selected: 15 });
});

test('arrow keys rotate the 3-D view and Shift+arrow steps the selection there', () => {
  const r = positionsKey({ key: 'ArrowRight', shift: false }, cube, 512)!;
  assert.ok(r.yaw! > 0 && r.selected === undefined);
  assert.deepEqual(positionsKey({ key: 'ArrowRight', shift: true }, cube, 512), { selected: 6 });
});

test('Home, End, PageUp, PageDown and Escape move or clear the selection; other keys pass through', () => {
  assert.deepEqual(positionsKey({ key: 'Home', shift: false }, flat, 512), { selected: 0 });
  assert.deepEqual(positionsKey({ key: 'End', shift: false }, flat, 512), { selected: 511 });
  assert.deepEqual(positionsKey({ key: 'PageUp', shift: false }, flat, 512), { selected: 15 });
  assert.deepEqual(positionsKey({ key: 'PageDown', shift: false }, cube, 512), { selected: 0 });
  assert.deepEqual(positionsKey({ key: 'Escape', shift: false }, flat, 512), { selected: -1 });
  assert.equal(positionsKey({ key: 'Escape', shift: false }, { ...flat, selected: -1 }, 512), undefined);
  assert.equal(positionsKey({ key: 'Tab', shift: false }, flat, 512), undefined);
});

test('keyHelp names the rotation keys only for the 3-D view', () => {
  assert.match(keyHelp('pca3d'), /rotate/);
  assert.doesNotMatch(keyHelp('umap'), /rotate/);
});
