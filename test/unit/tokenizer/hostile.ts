/**
 * Text generators shared by the parity and property tests: a fixed corpus
 * of varied sentences and fast-check arbitraries of hostile strings.
 */
import fc from 'fast-check';

const HANDWRITTEN = [
  'Barack Obama visited Paris.',
  'John Smith works for Microsoft in Berlin, Germany.',
  'Mary said: "London is a city in the United Kingdom!"',
  'Café au lait at the café — CAFÉ, Café, cafe\u0301.',
  'Ångström, Ñandú, Øresund, Ärger, Œuvre, façade, naïve, résumé.',
  'İstanbul ve Ankara; straße; ΑΘΗΝΑ; Москва.',
  '中国人 visited 日本 and 東京 in 2024.',
  'hello中国world 日本東京!',
  'Price: $1,234.56 (approx. €1 234,56) on 2024-05-01 at 10:30pm.',
  'Emails: john.smith@example.com, <mary@google.com>; url https://new-york.city/x?y=1&z=2#frag',
  'a 😀 hello 😀😀 world 👩‍👩‍👧 paris 🇫🇷 london 👍🏽',
  'שלום paris \u200fمرحبا london',
  'Tabs\tand\nnewlines\r\nand\rcarriage returns',
  'Zero\u200bwidth\u200cjoiner\u200dand\ufeffbom',
  'NUL\u0000in\u0001the\u0007middle\u001b[0m',
  'UPPERCASE WORDS LIKE NEW YORK CITY AND THE UNIVERSITY',
  'numbers 0 1 2 3 4 5 6 7 8 9 10 100 1000 3.14159 -42 +7 1e10',
  "it's John's book; they're isn't won't",
  '[CLS] [SEP] [MASK] [PAD] [UNK] <s> </s> <mask>',
  'x[SEP]y <s>a</s>',
  '!!!???...,,,;;;:::---___***',
  'The river Thames flows through London.',
  'Apple and Google are companies; the president said so.',
  'walking talked quickly development education',
  'a'.repeat(99) + ' ' + 'b'.repeat(100) + ' ' + 'c'.repeat(101),
  '   leading and trailing spaces   ',
  '\u00a0non\u00a0breaking\u2003em\u3000ideographic',
  'combining: a\u0301 e\u0300 o\u0302\u0323 n\u0303',
  'math 𝐀𝐁𝐂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ① ½ ﬁ ǅ',
  'emoji at the end 🎉',
];

const SUBJECTS = ['John Smith', 'MARY', 'Barack Obama', 'the President', 'Mañana Café', '東京 University', 'Zoë', 'microsoft', 'Ἀθῆναι', 'O\u0301scar'];
const VERBS = ['visited', 'works at', 'said hello to', 'flew to', 'is in', 'LEFT', 'wrote about', '❤️', 'met', 'called'];
const OBJECTS = ['Paris', 'New York City', 'London, UK', 'Berlin 🇩🇪', 'Google Inc.', 'the river', '中国', 'São Paulo', 'Tōkyō', 'the café on 5th Street'];
const TAILS = ['.', '!', '?', ' 😀', ' in 2024.', ', said John.', ' (again)', '...', ' — really', '\r\n'];

/** About 200 deterministic, varied sentences (accents, CJK, punctuation, emoji, digits, case). */
export function variedSentences(): string[] {
  const out = [...HANDWRITTEN];
  for (let i = 0; out.length < 200; i++) {
    out.push(`${SUBJECTS[i % 10]} ${VERBS[(i * 3 + 1) % 10]} ${OBJECTS[(i * 7 + 2) % 10]}${TAILS[(i * 9 + 3) % 10]}`);
  }
  return out;
}

/** Fragments that have broken tokenizers or offset code somewhere. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  '😀', '👩‍👩‍👧', '👍🏽', '🇫🇷', '\u200d', '\u0301', '\u0308\u0301', 'e\u0301', 'É', 'ß', 'İ', 'ǅ', 'ﬁ',
  '中', '国人', '東京', '𠀀', 'שלום', 'مرحبا', '\u200f', '\u202e', '\u2066', '\r\n', '\r', '\n', '\t', ' ', '  ',
  '\u00a0', '\u3000', '\u2028', '\u0000', '\u0001', '\u0085', '\u007f', '\u200b', '\ufeff', '\ufffd', '\ue000',
  '\ud800', '\udc00', '\ud83d', '\ude00', 'hello', 'Paris', 'JOHN', 'smithing', '123', '3.14', '!', '...', "'s",
  '[SEP]', '[CLS]', '[UNK]', '<s>', '</s>', '<mask>', '##ing', 'Ġ', 'a'.repeat(101), 'x'.repeat(150),
  '😀'.repeat(40), ' '.repeat(30), '\u0301'.repeat(12), 'ab'.repeat(60),
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Strings built from hostile fragments, lone surrogates and random graphemes. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
      { weight: 1, arbitrary: loneSurrogate },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Any of: printable graphemes, any code points, ASCII with controls, or hostile mixes. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  hostileText,
);
