/**
 * What a token-classification model repository on a Hugging Face hub must
 * hold for BERT Lens, and where its files live on the hub.
 */
import { InputError } from '../errors';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** One file to fetch: the first candidate path the hub has wins. */
export interface FileWant {
  /** What the file is for, in messages ("ONNX model"). */
  role: string;
  /** Paths in the repository, in order of preference. */
  candidates: string[];
  required: boolean;
}

/**
 * The files of a model folder the engine loads (see BertModel.load): the
 * config, a tokenizer (tokenizer.json, else a WordPiece vocab.txt, else a
 * byte-level BPE vocab.json + merges.txt), the ONNX graph (Optimum's
 * `onnx/model.onnx` layout first) and, when there is one, its external data.
 */
export function modelFiles(onnxPath?: string): FileWant[] {
  const onnx = onnxPath ? [onnxPath] : ['onnx/model.onnx', 'model.onnx'];
  return [
    { role: 'model config', candidates: ['config.json'], required: true },
    { role: 'tokenizer', candidates: ['tokenizer.json', 'vocab.txt', 'vocab.json'], required: true },
    { role: 'BPE merges', candidates: ['merges.txt'], required: false },
    { role: 'tokenizer config', candidates: ['tokenizer_config.json'], required: false },
    { role: 'special tokens', candidates: ['special_tokens_map.json'], required: false },
    { role: 'ONNX model', candidates: onnx, required: true },
  ];
}

const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;
const REVISION = /^[\w.-][\w./-]*$/;

/** True for a repo id such as `dslim/bert-base-NER` (no URL, no `..`). */
export function isRepoId(repo: string): boolean {
  const id = repo.trim();
  return REPO_ID.test(id) && !id.includes('..');
}

/** Checks a repo id (see isRepoId); returns it trimmed. */
export function checkRepoId(repo: string): string {
  const id = repo.trim();
  if (!isRepoId(id)) {
    throw new InputError(
      'hub-repo-id',
      `"${repo}" is not a Hugging Face repository id. Give it as owner/name, for example dslim/bert-base-NER (no URL, no spaces).`,
    );
  }
  return id;
}

export function checkRevision(revision: string): string {
  if (!REVISION.test(revision) || revision.includes('..')) {
    throw new InputError('hub-revision', `"${revision}" is not a branch, tag or commit name. Use for example main or a 40-character commit hash.`);
  }
  return revision;
}

/** `{endpoint}/{repo}/resolve/{revision}/{path}`, each path segment encoded. */
export function resolveUrl(endpoint: string, repo: string, revision: string, file: string): string {
  const base = endpoint.replace(/\/+$/, '');
  const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  return `${base}/${enc(repo)}/resolve/${encodeURIComponent(revision)}/${enc(file)}`;
}

/** A folder name for a repo at a revision: `owner--name@revision`. */
export function cacheName(repo: string, revision: string): string {
  return `${repo.replace(/\//g, '--')}@${revision.replace(/\//g, '--')}`;
}
