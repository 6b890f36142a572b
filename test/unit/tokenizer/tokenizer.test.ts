import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE_LIST, TINY_BERT, TINY_ROBERTA, encodeChecked, loadTokenizer, type Token } from './invariants';

/** The tokens as `piece@[start,end)` strings, for readable deepEqual failures. */
function spans(tokens: Token[]): string[] {
  return tokens.map((t) => `${t.piece}@[${t.start},${t.end})`);
}

function onlyToken(tokens: Token[], piece: string): Token {
  const found = tokens.filter((t) => t.piece === piece);
  assert.equal(found.length, 1, `expected one ${piece} in ${spans(tokens).join(' ')}`);
  return found[0];
}

test('the fixtures put [CLS]/[SEP] and <s>/</s> around a window', async () => {
  const bert = await loadTokenizer(TINY_BERT.dir);
  const roberta = await loadTokenizer(TINY_ROBERTA.dir);
  assert.deepEqual([bert.prefixPieces, bert.suffixPieces], [['[CLS]'], ['[SEP]']]);
  assert.deepEqual([roberta.prefixPieces, roberta.suffixPieces], [['<s>'], ['</s>']]);
  assert.equal(bert.idToPiece(bert.unkId ?? -1), '[UNK]');
  assert.equal(roberta.idToPiece(roberta.unkId ?? -1), '<unk>');
});

for (const fx of FIXTURE_LIST) {
  test(`${fx.name}: encode gives no tokens for the empty string`, async () => {
    const { enc } = await encodeChecked(fx, '');
    assert.equal(enc.ids.length, 0);
    assert.equal(enc.offsets.length, 0);
  });

  test(`${fx.name}: encode gives no content tokens for whitespace only`, async () => {
    for (const text of [' ', '   ', '\t\n', '\r\n\r\n', '\u00a0\u2003\u3000']) {
      const { tokens } = await encodeChecked(fx, text);
      if (fx.kind === 'wordpiece') {
        assert.deepEqual(spans(tokens), [], JSON.stringify(text));
      } else {
        // Byte-level BPE keeps whitespace as bytes; no token may claim a non-space character it lacks.
        assert.ok(tokens.every((t) => /^\s*$/.test(text.slice(t.start, t.end))), JSON.stringify(text));
      }
    }
    if (fx.kind === 'bytelevel') {
      const { tokens } = await encodeChecked(fx, '   ');
      // Plain spaces are all "Ġ" and trim_offsets leaves them empty spans.
      assert.ok(tokens.every((t) => t.start === t.end), spans(tokens).join(' '));
    }
  });

  test(`${fx.name}: encode handles a 1 MB text of sentences and emoji with ordered offsets inside the text`, async () => {
    const unit = 'Barack Obama visited Paris 😀 and London, said John Smith. 中国人 Café 👩‍👩‍👧 on 2024-05-01!\r\n';
    const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
    const { tokens } = await encodeChecked(fx, text);
    assert.ok(tokens.length > 0);
    assert.ok(tokens[tokens.length - 1].end <= text.length);
    // The last sentence is tokenized like the first: no drift of offsets over a long text.
    const last = text.lastIndexOf('Paris');
    assert.ok(tokens.some((t) => t.start === last), 'a token starts at the last "Paris"');
  });

  test(`${fx.name}: encode survives NUL and other control characters`, async () => {
    const text = 'he\u0000llo\u0001 world\u0007\u001b[0m \u007f\u0085paris\u000b\u000clondon\ufffd';
    const { tokens } = await encodeChecked(fx, text);
    assert.ok(tokens.length > 0);
    if (fx.kind === 'wordpiece') {
      // clean_text drops the controls; the word still maps back over them.
      const h = onlyToken(tokens, 'hello');
      assert.deepEqual([h.start, h.end], [0, 6]);
      const p = onlyToken(tokens, 'paris');
      assert.deepEqual([p.start, p.end], [text.indexOf('paris'), text.indexOf('paris') + 5]);
    }
  });

  test(`${fx.name}: encode keeps offsets right after an emoji`, async () => {
    const text = 'a 😀 hello';
    const { tokens } = await encodeChecked(fx, text);
    const hello = tokens[tokens.length - 1];
    assert.deepEqual([hello.start, hello.end], [5, 10]);
    assert.equal(text.slice(hello.start, hello.end), 'hello');
  });

  test(`${fx.name}: encode maps words after several emoji and astral CJK to their UTF-16 ranges`, async () => {
    const text = '😀😀 john 𠀀 smith 🇫🇷 paris';
    const { tokens } = await encodeChecked(fx, text);
    for (const w of ['john', 'smith', 'paris']) {
      const at = text.indexOf(w);
      assert.ok(tokens.some((t) => t.start === at), `a token starts at ${w}`);
      assert.ok(tokens.some((t) => t.end === at + w.length), `a token ends at ${w}`);
    }
  });

  test(`${fx.name}: encode keeps zero-width-joiner emoji sequences whole and the next word in place`, async () => {
    const text = '👩‍👩‍👧 hello';
    const { tokens } = await encodeChecked(fx, text);
    const hello = tokens[tokens.length - 1];
    assert.deepEqual([hello.start, hello.end], [9, 14]);
    if (fx.kind === 'wordpiece') {
      assert.deepEqual(spans(tokens), ['[UNK]@[0,8)', 'hello@[9,14)']);
    }
  });

  test(`${fx.name}: encode handles RTL text (Hebrew, Arabic, a right-to-left mark) next to Latin`, async () => {
    const text = 'שלום paris \u200fمرحبا london';
    const { tokens } = await encodeChecked(fx, text);
    for (const w of ['paris', 'london']) {
      const at = text.indexOf(w);
      assert.ok(tokens.some((t) => t.start === at), `a token starts at ${w}`);
    }
    if (fx.kind === 'wordpiece') {
      assert.deepEqual(spans(tokens), ['[UNK]@[0,4)', 'paris@[5,10)', '[UNK]@[12,17)', 'london@[18,24)']);
    }
  });

  test(`${fx.name}: encode handles CRLF and lone CR line endings`, async () => {
    const text = 'hello\r\nworld\rparis\n\rlondon\r';
    const { tokens } = await encodeChecked(fx, text);
    const words = ['hello', 'world', 'paris', 'london'];
    if (fx.kind === 'wordpiece') {
      assert.deepEqual(spans(tokens), ['hello@[0,5)', 'world@[7,12)', 'paris@[13,18)', 'london@[20,26)']);
    } else {
      // Byte-level BPE encodes line breaks as tokens (č, Ċ); each such token covers only line breaks.
      for (const t of tokens) {
        const s = text.slice(t.start, t.end);
        assert.ok(/^[\r\n]*$/.test(s) || /^[a-z]+$/.test(s), `${t.piece}@[${t.start},${t.end}) mixes a line break and a word`);
      }
      for (const w of words) assert.ok(tokens.some((t) => t.start === text.indexOf(w)), `a token starts at ${w}`);
    }
  });

  test(`${fx.name}: encode maps an out-of-vocabulary character to the unknown token or bytes covering exactly it`, async () => {
    const text = 'hello ☃ world Ω';
    const { tok, tokens } = await encodeChecked(fx, text);
    if (fx.kind === 'wordpiece') {
      assert.deepEqual(spans(tokens), ['hello@[0,5)', '[UNK]@[6,7)', 'world@[8,13)', '[UNK]@[14,15)']);
      assert.equal(tokens[1].id, tok.unkId);
    } else {
      // No <unk> in byte-level BPE: every byte has a token.
      assert.ok(tokens.every((t) => t.id !== tok.unkId));
      assert.ok(tokens.filter((t) => t.start === 6 && t.end === 7).length === 3, 'the three UTF-8 bytes of ☃');
    }
  });

  test(`${fx.name}: encode covers a 5,000-character word entirely`, async () => {
    const word = 'abcdefghij'.repeat(500);
    const text = `hello ${word} world`;
    const { tok, tokens } = await encodeChecked(fx, text);
    const inWord = tokens.filter((t) => t.end > 6 && t.start < 6 + word.length);
    assert.ok(inWord.every((t) => t.start >= 6 && t.end <= 6 + word.length), 'no token crosses the word boundary');
    if (fx.kind === 'wordpiece') {
      // max_input_chars_per_word = 100: the word is one [UNK] over all of it.
      assert.deepEqual(spans(tokens), ['hello@[0,5)', `[UNK]@[6,${6 + word.length})`, `world@[${7 + word.length},${12 + word.length})`]);
      assert.equal(tokens[1].id, tok.unkId);
    } else {
      assert.ok(inWord.length > 100, `${inWord.length} tokens`);
      assert.equal(inWord[0].start, 6);
      assert.equal(inWord[inWord.length - 1].end, 6 + word.length);
    }
  });

  test(`${fx.name}: encode handles a literal [SEP] and <s> in user text with exact offsets`, async () => {
    const text = 'john [SEP] smith <s>paris</s>';
    const { tok, tokens } = await encodeChecked(fx, text);
    if (fx.kind === 'wordpiece') {
      // As in Hugging Face (split_special_tokens=False): the literal text becomes the separator token.
      const sep = onlyToken(tokens, '[SEP]');
      assert.deepEqual([sep.start, sep.end, sep.id], [5, 10, tok.suffixIds[0]]);
      assert.ok(tokens.some((t) => t.piece === '<' && t.start === 17), '<s> is plain text to BERT');
    } else {
      const s = onlyToken(tokens, '<s>');
      assert.deepEqual([s.start, s.end, s.id], [17, 20, tok.prefixIds[0]]);
      assert.ok(tokens.some((t) => t.piece === '[' && t.start === 5), '[SEP] is plain text to RoBERTa');
    }
  });

  test(`${fx.name}: encode survives lone surrogates`, async () => {
    const text = 'a\ud800 hello \udc00world \ud83d';
    const { tokens } = await encodeChecked(fx, text);
    const at = text.indexOf('hello');
    assert.ok(tokens.some((t) => t.start === at && text.slice(t.start, t.end).startsWith('h')));
  });
}

test('tiny-bert: encode makes each CJK character its own token and word', async () => {
  const text = '中国人 日本東京';
  const { tokens } = await encodeChecked(TINY_BERT, text);
  assert.deepEqual(spans(tokens), ['中@[0,1)', '国@[1,2)', '人@[2,3)', '日@[4,5)', '本@[5,6)', '東@[6,7)', '京@[7,8)']);
  assert.deepEqual(tokens.map((t) => t.word), [0, 1, 2, 3, 4, 5, 6]);
});

test('tiny-bert: encode splits CJK from adjacent Latin letters', async () => {
  const { tokens } = await encodeChecked(TINY_BERT, 'hello中国world');
  assert.deepEqual(spans(tokens), ['hello@[0,5)', '中@[5,6)', '国@[6,7)', 'world@[7,12)']);
});

test('tiny-roberta: encode covers each CJK character with its three UTF-8 bytes', async () => {
  const text = '中国人';
  const { tokens } = await encodeChecked(TINY_ROBERTA, text);
  for (let i = 0; i < 3; i++) assert.equal(tokens.filter((t) => t.start === i && t.end === i + 1).length, 3);
});

test('tiny-bert: encode lowercases and strips a precomposed accent, covering the whole word', async () => {
  const { tokens } = await encodeChecked(TINY_BERT, 'Café CAFÉ café');
  assert.deepEqual(spans(tokens), ['cafe@[0,4)', 'cafe@[5,9)', 'cafe@[10,14)']);
});

test('tiny-bert: encode of NFD "cafe\\u0301" gives "cafe" covering the combining mark too', async () => {
  const text = 'cafe\u0301 paris';
  const { tokens } = await encodeChecked(TINY_BERT, text);
  assert.deepEqual(spans(tokens), ['cafe@[0,5)', 'paris@[6,11)']);
  // A mark inside a word belongs to the piece before it.
  const mid = await encodeChecked(TINY_BERT, 'a\u0301b');
  assert.deepEqual(mid.tokens.map((t) => [t.start, t.end]), [[0, 2], [2, 3]]);
});

test('tiny-bert: encode of NFD "cafe\\u0301" gives one "cafe" token starting at the word', async () => {
  const { tokens } = await encodeChecked(TINY_BERT, 'cafe\u0301 paris');
  assert.equal(tokens[0].piece, 'cafe');
  assert.equal(tokens[0].start, 0);
  assert.deepEqual(spans(tokens.slice(1)), ['paris@[6,11)']);
});

test('tiny-bert: marks that NFD reorders stay on their own characters (the binding alone puts the [UNK] on the shadda)', async () => {
  // U+1D165 (class 216, kept: a spacing mark) then U+0651 (class 33, stripped): NFD swaps them.
  const text = '中\u{1d165}\u0651 x\u{1d165}\u0651';
  const { tokens } = await encodeChecked(TINY_BERT, text);
  assert.deepEqual(spans(tokens), ['中@[0,1)', '[UNK]@[1,4)', '[UNK]@[5,9)']);
  // A special token widened over marks, as any token is.
  const sep = await encodeChecked(TINY_BERT, 'a [SEP]\u0308\u0344 b');
  assert.deepEqual(spans(sep.tokens), ['a@[0,1)', '[SEP]@[2,9)', 'b@[10,11)']);
});

test('tiny-bert: encode gives subword pieces of one word the same word index', async () => {
  const text = 'Hello123 smithing, paris';
  const { tokens } = await encodeChecked(TINY_BERT, text);
  assert.deepEqual(
    tokens.map((t) => `${t.piece}:${t.word}`),
    ['hello:0', '##1:0', '##2:0', '##3:0', 'smith:1', '##ing:1', ',:2', 'paris:3'],
  );
});

test('tiny-bert: encode never covers a CR or LF with a token', async () => {
  const text = 'a\r\nb\rc\nd\r\n\r\n';
  const { tokens } = await encodeChecked(TINY_BERT, text);
  for (const t of tokens) assert.ok(!/[\r\n]/.test(text.slice(t.start, t.end)), `${t.piece}@[${t.start},${t.end})`);
  assert.equal(tokens.length, 4);
});

test('tiny-roberta: encode keeps "Ġ" in the piece but trims the space from the offsets', async () => {
  const { tokens } = await encodeChecked(TINY_ROBERTA, 'hello world');
  assert.deepEqual(spans(tokens), ['hello@[0,5)', 'Ġworld@[6,11)']);
});
