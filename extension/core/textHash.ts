/** A short content hash of analysed text: a revived panel re-runs its analysis only if the document still holds the same text. */
import * as crypto from 'node:crypto';

export function textHash(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 22);
}
