/**
 * Which parameter names look like they hold secrets.
 *
 * A setting entry is either a word or a `/regex/`:
 *
 * - A word (or words: `private_key`) is matched against the parts of the
 *   name, split at `_`, `-`, `.`, camelCase and digits, case-insensitively:
 *   `key` matches `api_key`, `OPENAI_API_KEY`, `apiKey`, `key2`, never
 *   `monkey`, `keyword` or `keyboard_layout`. A part may also be the word's
 *   plural (`credentials`), except for `key`, `token` and `pass` whose
 *   plurals name lists and counts in ML code (`keys`, `max_tokens`,
 *   `num_passes`), or a compound with a prefix from COMPOUND_PREFIXES
 *   (`apikey`, `accesstoken`, `secretkey`).
 * - A match does not count when the next part says the name is *about* the
 *   secret rather than holding it (DESCRIBING_WORDS: `token_type`,
 *   `secret_name`, `password_file`, `key_dim`, `auth_url`), or when the
 *   previous part names a data field or a special text token (DATA_WORDS:
 *   `sort_key`, `label_key`, `primary_key_col`, `pad_token`, `eos_token`).
 * - `/regex/flags` is tested against the whole name, always case-insensitive;
 *   none of the rules above apply to it.
 */

/** The settings default: the six words plus common spellings. */
export const DEFAULT_SECRET_NAME_PATTERNS: readonly string[] = [
  'key',
  'token',
  'secret',
  'password',
  'credential',
  'auth',
  'cred',
  'passwd',
  'pwd',
  'pass',
  'passphrase'
];

/**
 * Words that also name sizes, ids and switches in ML code (`key_dim = 64`,
 * `token_limit = 4096`, `use_auth = True`): a number under such a name is
 * kept. Other words (`password`, `secret`, user entries) keep only None and
 * booleans, because a numeric PIN or password is a plausible secret.
 */
export const WEAK_SECRET_WORDS: ReadonlySet<string> = new Set([
  'key',
  'token',
  'auth',
  'pass'
]);

/** Plurals that name lists or counts, not secrets (`keys`, `tokens`, `passes`). */
const NO_PLURAL = new Set(['key', 'token', 'pass']);

/** `apikey`, `accesstoken`, `secretkey`, `dbpassword`, ... */
export const COMPOUND_PREFIXES: ReadonlySet<string> = new Set(
  (
    'api access secret private auth client session refresh bearer bot master ' +
    'signing encryption license ssh app db admin root service oauth personal ' +
    'deploy pass user account'
  ).split(' ')
);

/** A next part that makes the name metadata about a secret. */
export const DESCRIBING_WORDS: ReadonlySet<string> = new Set(
  (
    'name names type types kind path paths file files filename dir ' +
    'folder url urls uri endpoint host env var vars pattern regex limit ' +
    'limits max min count counts len length size dim dims col cols column ' +
    'columns field fields index idx mode method scheme provider format frame ' +
    'frames map mapping fn func prefix suffix template budget usage cost ' +
    'price rate ratio weight weights embedding embeddings emb vocab level ' +
    'strategy position positions pos expiry expires ttl timeout scope scopes ' +
    'version location required enabled optional prompt message msg label ' +
    'vault store'
  ).split(' ')
);

/** A previous part that makes the word a data field or a special text token. */
export const DATA_WORDS: ReadonlySet<string> = new Set(
  (
    'sort group groupby partition primary foreign hash range dict metric ' +
    'monitor cache join lookup hot query attn attention rng prng random seed ' +
    'text label labels input output target feature image audio video data ' +
    'batch obs layer embedding prompt response answer question context split ' +
    'column col row field node edge index sample example record pad padding ' +
    'eos bos unk sep cls mask start end stop special eot placeholder bpe word ' +
    'subword max min num n total per'
  ).split(' ')
);

/** How a name matched: by a weak word only, or by a strong word or regex. */
export type NameMatch = 'weak' | 'strong';

/** The parts of a name, lowercase: `OPENAI_API_KEY2` → openai, api, key, 2. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})|(\p{N})(\p{L})/gu, '$1$3 $2$4')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface ICompiledPatterns {
  /** Word entries, each as its parts. */
  words: string[][];
  regexes: RegExp[];
  errors: string[];
  /** Results by name: names repeat across runs. */
  cache: Map<string, NameMatch | null>;
}

const CACHE_LIMIT = 10000;
/** By array (the settings value is reused call after call), then by content. */
const compiledByArray = new WeakMap<readonly string[], ICompiledPatterns>();
const compiledByKey = new Map<string, ICompiledPatterns>();

/** The last setting compiled: redacting a run asks for it once per name. */
let lastCompiled: { setting: unknown; compiled: ICompiledPatterns } | null =
  null;

function compile(setting: readonly string[]): ICompiledPatterns {
  if (lastCompiled !== null && lastCompiled.setting === setting) {
    return lastCompiled.compiled;
  }
  const compiled = compileSetting(setting);
  lastCompiled = { setting, compiled };
  return compiled;
}

function compileSetting(setting: readonly string[]): ICompiledPatterns {
  // A broken setting falls back to the defaults rather than to no redaction.
  const patterns = Array.isArray(setting)
    ? setting
    : DEFAULT_SECRET_NAME_PATTERNS;
  const byArray = compiledByArray.get(patterns);
  if (byArray) {
    return byArray;
  }
  const key = JSON.stringify(patterns);
  const known = compiledByKey.get(key);
  if (known) {
    compiledByArray.set(patterns, known);
    return known;
  }
  const compiled: ICompiledPatterns = {
    words: [],
    regexes: [],
    errors: [],
    cache: new Map()
  };
  for (const raw of patterns) {
    const entry = String(raw).trim();
    const regex = /^\/(.+)\/([a-z]*)$/s.exec(entry);
    if (regex) {
      try {
        const flags = [...new Set(regex[2] + 'i')]
          .join('')
          .replace(/[gy]/g, '');
        compiled.regexes.push(new RegExp(regex[1], flags));
      } catch (error) {
        compiled.errors.push(`${entry}: ${(error as Error).message}`);
      }
    } else if (nameWords(entry).length) {
      compiled.words.push(nameWords(entry));
    } else if (entry) {
      compiled.errors.push(`${entry}: has no letters or digits`);
    }
  }
  if (compiledByKey.size > 32) {
    compiledByKey.clear();
  }
  compiledByKey.set(key, compiled);
  compiledByArray.set(patterns, compiled);
  return compiled;
}

/** Whether one part of a name is `word`, its plural, or a known compound. */
function partMatches(part: string, word: string): boolean {
  if (part === word) {
    return true;
  }
  if (!NO_PLURAL.has(word) && (part === word + 's' || part === word + 'es')) {
    return true;
  }
  return (
    part.length > word.length &&
    part.endsWith(word) &&
    COMPOUND_PREFIXES.has(part.slice(0, part.length - word.length))
  );
}

function matchWords(words: string[], entries: string[][]): NameMatch | null {
  let result: NameMatch | null = null;
  for (const entry of entries) {
    const last = entry.length - 1;
    for (let i = 0; i + last < words.length; i++) {
      const hit =
        entry.every((word, k) => k === last || words[i + k] === word) &&
        partMatches(words[i + last], entry[last]);
      if (!hit) {
        continue;
      }
      const before = words[i - 1];
      const after = words[i + last + 1];
      if (
        (before !== undefined && DATA_WORDS.has(before)) ||
        (after !== undefined && DESCRIBING_WORDS.has(after))
      ) {
        continue;
      }
      if (entry.length > 1 || !WEAK_SECRET_WORDS.has(entry[0])) {
        return 'strong';
      }
      result = 'weak';
    }
  }
  return result;
}

/** How `name` matches the patterns, or null when it does not. */
export function matchSecretName(
  name: string,
  patterns: readonly string[]
): NameMatch | null {
  const compiled = compile(patterns);
  const cached = compiled.cache.get(name);
  if (cached !== undefined) {
    return cached;
  }
  const byRegex = compiled.regexes.some(regex => regex.test(name));
  const result = byRegex
    ? 'strong'
    : matchWords(nameWords(name), compiled.words);
  if (compiled.cache.size >= CACHE_LIMIT) {
    compiled.cache.clear();
  }
  compiled.cache.set(name, result);
  return result;
}

/** Whether a parameter name looks like it holds a secret. */
export function isSecretName(
  name: string,
  patterns: readonly string[] = DEFAULT_SECRET_NAME_PATTERNS
): boolean {
  return matchSecretName(name, patterns) !== null;
}

/** Problems with setting entries (bad regexes, empty words), for the settings UI. */
export function secretNamePatternErrors(patterns: readonly string[]): string[] {
  return [...compile(patterns).errors];
}
