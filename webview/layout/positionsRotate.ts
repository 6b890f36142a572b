/**
 * The 3-D PCA view: rotate by yaw (about the vertical axis) then pitch
 * (about the horizontal axis), project orthographically, draw back to front.
 */

export interface Rotated {
  /** Screen-plane coordinates, `rows x 2` row-major, centred on the data's mean. */
  xy: Float32Array;
  /** Distance toward the viewer: larger is nearer. */
  depth: Float32Array;
  /** Indices from farthest to nearest, so near points are drawn over far ones. */
  order: Uint32Array;
  /** Largest distance of a point from the centre: fixes the scale so rotating never rescales. */
  radius: number;
}

/** Rotates point `(x, y, z)`: yaw about y, then pitch about x. Returns `[sx, sy, depth]`. */
export function rotatePoint(x: number, y: number, z: number, yaw: number, pitch: number): [number, number, number] {
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const x1 = cy * x + sy * z;
  const z1 = -sy * x + cy * z;
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  const y2 = cp * y - sp * z1;
  const z2 = sp * y + cp * z1;
  return [x1, y2, z2];
}

/** Rotates and projects `rows x 3` points about their mean. */
export function project3d(points: Float32Array, rows: number, yaw: number, pitch: number): Rotated {
  const mean = [0, 0, 0];
  for (let r = 0; r < rows; r++) for (let c = 0; c < 3; c++) mean[c] += points[r * 3 + c] / rows;
  const xy = new Float32Array(rows * 2);
  const depth = new Float32Array(rows);
  let radius = 0;
  for (let r = 0; r < rows; r++) {
    const x = points[r * 3] - mean[0];
    const y = points[r * 3 + 1] - mean[1];
    const z = points[r * 3 + 2] - mean[2];
    radius = Math.max(radius, Math.hypot(x, y, z));
    const [sx, sy, d] = rotatePoint(x, y, z, yaw, pitch);
    xy[r * 2] = sx;
    xy[r * 2 + 1] = sy;
    depth[r] = d;
  }
  const order = Uint32Array.from({ length: rows }, (_, i) => i).sort((a, b) => depth[a] - depth[b] || a - b);
  return { xy, depth, order, radius };
}

const HALF_PI = Math.PI / 2;

/** Yaw wrapped to (-π, π], pitch kept within ±π/2 so the view never turns upside down. */
export function normaliseRotation(yaw: number, pitch: number): { yaw: number; pitch: number } {
  let y = yaw % (2 * Math.PI);
  if (y > Math.PI) y -= 2 * Math.PI;
  if (y <= -Math.PI) y += 2 * Math.PI;
  return { yaw: y, pitch: Math.min(HALF_PI, Math.max(-HALF_PI, pitch)) };
}

/** Rotation after dragging `(dx, dy)` pixels: a drag across `size` pixels turns half a circle. */
export function dragRotation(yaw: number, pitch: number, dx: number, dy: number, size: number): { yaw: number; pitch: number } {
  const perPixel = Math.PI / Math.max(1, size);
  return normaliseRotation(yaw + dx * perPixel, pitch + dy * perPixel);
}

/** One arrow-key step of rotation, radians. */
export const ROTATE_STEP = Math.PI / 24;

/** Rotation after an arrow key, or undefined for other keys. */
export function keyRotation(key: string, yaw: number, pitch: number): { yaw: number; pitch: number } | undefined {
  switch (key) {
    case 'ArrowLeft':
      return normaliseRotation(yaw - ROTATE_STEP, pitch);
    case 'ArrowRight':
      return normaliseRotation(yaw + ROTATE_STEP, pitch);
    case 'ArrowUp':
      return normaliseRotation(yaw, pitch - ROTATE_STEP);
    case 'ArrowDown':
      return normaliseRotation(yaw, pitch + ROTATE_STEP);
    default:
      return undefined;
  }
}

/** Screen-plane tips of the three principal axes at length 1 after rotation, for an orientation gizmo. */
export function axisTips(yaw: number, pitch: number): { axis: 1 | 2 | 3; x: number; y: number; depth: number }[] {
  const unit: [number, number, number][] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  return unit.map((u, i) => {
    const [x, y, depth] = rotatePoint(u[0], u[1], u[2], yaw, pitch);
    return { axis: (i + 1) as 1 | 2 | 3, x, y, depth };
  });
}
