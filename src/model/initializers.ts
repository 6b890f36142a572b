/**
 * Reads float initializers (embedding tables) straight from the model file or
 * its external data file, by byte range, without loading the rest.
 */
import * as fs from 'node:fs';
import { ModelLoadError } from '../errors';
import { InitializerInfo, ONNX_FLOAT, ONNX_FLOAT16 } from './onnxGraph';

/** Float32 matrix `rows x cols`, row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * Reads rows `[firstRow, firstRow + count)` of a 2-D float initializer.
 * The bytes are copied into a fresh, aligned buffer before being viewed as
 * floats: a protobuf field may start at any byte offset.
 */
export function readRows(init: InitializerInfo, firstRow: number, count: number): Matrix {
  if (init.dims.length !== 2) {
    throw new ModelLoadError('bad-initializer', `Initializer ${init.name} has shape [${init.dims}], expected a 2-D table.`);
  }
  const [rows, cols] = init.dims;
  if (firstRow < 0 || firstRow + count > rows) {
    throw new ModelLoadError('bad-initializer', `Rows ${firstRow}..${firstRow + count} are outside ${init.name} [${rows}, ${cols}].`);
  }
  const loc = init.location;
  if (!loc) {
    throw new ModelLoadError('bad-initializer', `Initializer ${init.name} stores its values in a form BERT Lens does not read (not raw_data or float_data).`);
  }
  const elem = init.dataType === ONNX_FLOAT ? 4 : init.dataType === ONNX_FLOAT16 ? 2 : 0;
  if (elem === 0) {
    throw new ModelLoadError('bad-initializer', `Initializer ${init.name} has ONNX data type ${init.dataType}; only float32 and float16 tables can be read.`);
  }
  if (loc.length < rows * cols * elem) {
    throw new ModelLoadError('bad-initializer', `Initializer ${init.name} holds ${loc.length} bytes, fewer than its shape [${rows}, ${cols}] needs.`, { file: loc.file });
  }
  const bytes = Buffer.alloc(count * cols * elem);
  const start = loc.offset + firstRow * cols * elem;
  let fd: number;
  try {
    fd = fs.openSync(loc.file, 'r');
  } catch (e) {
    throw new ModelLoadError(
      'missing-external-data',
      `Cannot read the data of ${init.name} from ${loc.file}: ${(e as Error).message}. ${loc.external ? 'The model keeps its weights in this external data file: put it next to model.onnx.' : ''}`.trim(),
      { file: loc.file, cause: e },
    );
  }
  try {
    const read = fs.readSync(fd, bytes, 0, bytes.length, start);
    if (read !== bytes.length) {
      throw new ModelLoadError('truncated-data', `${loc.file} ends before the data of ${init.name} (read ${read} of ${bytes.length} bytes): the file is truncated. Download or export it again.`, { file: loc.file });
    }
  } finally {
    fs.closeSync(fd);
  }
  const data = new Float32Array(count * cols);
  if (elem === 4) {
    for (let i = 0; i < data.length; i++) data[i] = bytes.readFloatLE(i * 4);
  } else {
    for (let i = 0; i < data.length; i++) data[i] = float16ToFloat32(bytes.readUInt16LE(i * 2));
  }
  return { rows: count, cols, data };
}

/** The whole 2-D table. */
export function readMatrix(init: InitializerInfo): Matrix {
  return readRows(init, 0, init.dims[0] ?? 0);
}
