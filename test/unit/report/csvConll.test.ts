import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { readConll } from '../../../src/eval/conll';
import { BertModel } from '../../../src/model/model';
import { AnalysisResult } from '../../../src/protocol';
import { spansCsv, tokensCsv } from '../../../src/report/csv';
import { toConll } from '../../../src/report/conll';
import { fixture } from '../helpers';

const TEXT = 'Ada "the Countess" Lovelace, =SUM(A1) +1 @home\r\nmet Babbage 😀 in London.\nZürich';
let model: BertModel;
let result: AnalysisResult;
before(async () => {
  model = await BertModel.load(fixture('tiny-bert'), { providers: ['cpu'] });
  result = await analyze(model, TEXT, { aggregation: 'none' });
});
after(() => model.dispose());

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(csv: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endCell();
    } else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
      endCell();
      out.push(row);
      row = [];
      i++;
    } else {
      cell += c;
    }
  }
  return out;
}

test('tokensCsv has one row per piece whose text is the exact source slice, formulas neutralised', () => {
  const rows = parseCsv(tokensCsv(result, TEXT));
  assert.deepEqual(rows[0], ['index', 'piece', 'id', 'start', 'end', 'text', 'label', 'score', 'position', 'window']);
  assert.equal(rows.length, result.tokens.length + 1);
  for (const [k, r] of rows.slice(1).entries()) {
    const t = result.tokens[k];
    const text = TEXT.slice(t.start, t.end);
    assert.equal(r[5], /^[=+\-@]/.test(text) ? "'" + text : text);
    assert.equal(Number(r[3]), t.start);
  }
  assert.ok(rows.some((r) => r[5] === "'="), 'a cell starting with = is prefixed');
  assert.ok(rows.some((r) => r[5] === '"'), 'a quote survives');
});

test('spansCsv lists every span with its offsets and text', () => {
  const rows = parseCsv(spansCsv(result));
  assert.equal(rows.length, result.spans.length + 1);
  for (const [k, s] of result.spans.entries()) assert.deepEqual(rows[k + 1].slice(0, 3), [String(s.start), String(s.end), s.label]);
});

test('toConll writes one word per line with IOB2 tags that bert-lens eval reads back', () => {
  const conll = toConll(result, TEXT);
  const sentences = readConll(conll, 'export.conll');
  // The CRLF and the LF each end a sentence.
  assert.equal(sentences.length, 3);
  const words = sentences.flatMap((s) => s.tokens);
  const expected: string[] = [];
  for (let i = 0; i < result.tokens.length; ) {
    let j = i + 1;
    while (j < result.tokens.length && result.tokens[j].word === result.tokens[i].word) j++;
    expected.push(TEXT.slice(result.tokens[i].start, result.tokens[j - 1].end));
    i = j;
  }
  assert.deepEqual(words, expected);
  for (const s of sentences) {
    s.tags.forEach((tag, i) => {
      assert.match(tag, /^(O|[BI]-\w+)$/);
      if (tag.startsWith('I-')) assert.ok(s.tags[i - 1].slice(2) === tag.slice(2), `${tag} continues an entity`);
    });
  }
});
