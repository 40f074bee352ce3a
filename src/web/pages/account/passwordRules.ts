// The default policy (docs/API.md: ≥ 8 characters, 3 of 4 classes). The security admin may tighten it;
// the server has the last word, so these checks only guide and never block submission.
export const DEFAULT_MIN_LENGTH = 8;
export const DEFAULT_MIN_CLASSES = 3;

/** Lower-case, upper-case, digits, anything else — counted the way the server counts (Unicode classes). */
const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

export function characterClasses(password: string): number {
  return CLASSES.filter((pattern) => pattern.test(password)).length;
}
