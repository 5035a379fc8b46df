import { isFiloError } from '../../src/core';
export { KNOWLEDGE_LANGUAGES, loadFaqSeeds } from '../../src/bot/knowledge';

/** A matcher for `rejects.toSatisfy`: a FiloError with this code. */
export function isFiloErrorCode(code: string): (error: unknown) => boolean {
  return (error) => isFiloError(error) && error.code === code;
}
