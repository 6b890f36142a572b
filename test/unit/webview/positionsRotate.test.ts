import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTips, dragRotation, keyRotation, normaliseRotation, project3d, ROTATE_STEP, rotatePoint } from '../../../webview/layout/positionsRotate';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('rotatePoint without rotation looks down the z axis', () => {
  assert.deepEqual(rotatePoint(1, 2, 3, 0, 0), [1, 2, 3]);
});

test('rotatePoint by a quarter turn of yaw brings z to the screen x axis', () => {
  const [x, y, d] = rotatePoint(0, 0, 1, Math.PI / 2, 0);
  assert.ok(close(x, 1) && close(y, 0) && close(d, 0));
});

test('rotatePoint keeps lengths (it is a rotation)', () => {
  const [x, y, z] = rotatePoint(1, -2, 0.5, 0.7, -0.3);
  assert.ok(close(Math.hypot(x, y, z), Math.hypot(1, -2, 0.5)));
});

test('project3d centres the points, orders them far to near and keeps the radius under rotation', () => {
  const pts = Float32Array.from([1, 1, 1, 1, 1, 3, 1, 1, 5]);
  const a = project3d(pts, 3, 0, 0);
  assert.deepEqual(Array.from(a.order), [0, 1, 2], 'larger z is nearer');
  assert.ok(close(a.depth[1], 0), 'the middle point is the mean');
  const b = project3d(pts, 3, 1.1, 0.4);
  assert.ok(close(a.radius, 2) && close(b.radius, 2));
});

test('normaliseRotation wraps yaw and stops pitch at the poles', () => {
  const r = normaliseRotation(3 * Math.PI, 2);
  assert.ok(close(r.yaw, Math.PI));
  assert.ok(close(r.pitch, Math.PI / 2));
  assert.ok(close(normaliseRotation(0, -5).pitch, -Math.PI / 2));
});

test('dragRotation turns half a circle for a drag across the chart', () => {
  const r = dragRotation(0, 0, 200, 0, 200);
  assert.ok(close(Math.abs(r.yaw), Math.PI));
  assert.ok(close(dragRotation(0, 0, 0, 50, 200).pitch, Math.PI / 4));
});

test('keyRotation turns one step per arrow key and ignores other keys', () => {
  assert.ok(close(keyRotation('ArrowRight', 0, 0)!.yaw, ROTATE_STEP));
  assert.ok(close(keyRotation('ArrowUp', 0, 0)!.pitch, -ROTATE_STEP));
  assert.equal(keyRotation('a', 0, 0), undefined);
});

test('axisTips at rest show PC1 to the right, PC2 up and PC3 toward the viewer', () => {
  const [a, b, c] = axisTips(0, 0);
  assert.ok(close(a.x, 1) && close(b.y, 1) && close(c.depth, 1));
});
