/**
 * The credential formats redaction knows, one detector each: a pattern, the
 * literal hints every match contains (so most texts are ruled out by one
 * search), and a check that the random part looks random. Each needs its
 * format's prefix, a plausible length and alphabet, and mixed character
 * classes in the random part, so prose such as "sk-learn", "skip", "AKIAB"
 * or "Bearer token auth" never matches.
 */

export interface IDetector {
  name: string;
  /** Substrings of which every match contains one (case-sensitive). */
  hints: string[];
  /** Global; a match is a candidate that `accept` may still refuse. */
  pattern: RegExp;
  /** Where the find starts when the pattern begins after it (a URL's scheme). */
  start?: (text: string, from: number) => number;
  /** Where the find ends when it reaches past the pattern (a PEM block's END line). */
  end?: (text: string, to: number) => number;
  accept?: (match: string) => boolean;
}

/** Random keys of 20+ characters almost surely mix upper, lower and digits. */
function mixedCase(text: string): boolean {
  return /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);
}

/** Hexadecimal with both digits and letters: an opaque hex token. */
function hexToken(text: string): boolean {
  return (
    /^[0-9a-f]{16,}$/i.test(text) && /[0-9]/.test(text) && /[a-f]/i.test(text)
  );
}

/** The random part after a prefix of `length` characters must look random. */
function body(length: number, test: (text: string) => boolean) {
  return (match: string) => test(match.slice(length));
}

/** The value after `Bearer ` or `?token=`: mixed classes or hex. */
function randomValue(match: string): boolean {
  const value = match.replace(/^[^\s=]+[\s=]+/, '');
  return mixedCase(value) || hexToken(value);
}

/** Bytes of a base64 or base64url text as a Latin-1 string; null when invalid. */
export function decodeBase64(text: string): string | null {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (clean.length % 4 === 1) {
    return null;
  }
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const c of clean) {
    const index = alphabet.indexOf(c);
    if (index < 0) {
      return null;
    }
    buffer = (buffer << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/** A JWT's first part is base64url JSON naming its algorithm. */
function jwtHeader(token: string): boolean {
  const header = decodeBase64(token.split('.')[0]);
  if (header === null) {
    return false;
  }
  try {
    const parsed: unknown = JSON.parse(header);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

/** `Basic` credentials decode to printable `user:password`. */
function basicCredentials(match: string): boolean {
  const decoded = decodeBase64(match.replace(/^Basic\s+/, ''));
  return (
    decoded !== null &&
    /^[\x20-\x7e]+$/.test(decoded) &&
    /^[^:]+:[^:]/.test(decoded)
  );
}

/** `${PASSWORD}`, `{password}`, `<password>`, `%(pw)s`, `***`: templates, not secrets. */
function realPassword(match: string): boolean {
  const password = /^:\/\/[^:@]*:([^@]*)@/.exec(match)?.[1] ?? '';
  return !/^(?:\$\{?\w+\}?|\{[^}]*\}|<[^>]*>|%\(\w+\)s|\*+)$/.test(password);
}

const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** A PEM block is at most this long (an RSA 8192 key is about 6.5 KB). */
const PEM_MAX = 16384;
/** END lines of the last text looked at: found once, not once per BEGIN. */
let pemEnds: { text: string; ends: [number, number][] } | null = null;

/** The end of the block whose BEGIN line ends at `to`: after its END line, if near. */
function pemBlockEnd(text: string, to: number): number {
  if (pemEnds?.text !== text) {
    const ends: [number, number][] = [];
    for (const match of text.matchAll(PEM_END)) {
      ends.push([match.index, match.index + match[0].length]);
    }
    pemEnds = { text, ends };
  }
  const ends = pemEnds.ends;
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ends[middle][0] < to) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const next = ends[low];
  return next && next[0] - to <= PEM_MAX ? next[1] : to;
}

export const DETECTORS: readonly IDetector[] = [
  {
    name: 'private-key',
    hints: ['-----BEGIN'],
    pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g,
    end: pemBlockEnd
  },
  {
    name: 'anthropic-api-key',
    hints: ['sk-ant-'],
    pattern:
      /(?<![A-Za-z0-9_-])sk-ant-[a-z]{2,10}[0-9]{0,3}-[A-Za-z0-9_-]{32,}/g,
    accept: body(7, mixedCase)
  },
  {
    // Legacy `sk-` + 48, project `sk-proj-`, service `sk-svcacct-`, admin keys.
    name: 'openai-api-key',
    hints: ['sk-'],
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g,
    accept: body(3, mixedCase)
  },
  {
    name: 'aws-access-key-id',
    hints: ['AKIA', 'ASIA'],
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g
  },
  {
    // Only inside a config text that names it; alone it is 40 anonymous characters.
    name: 'aws-secret-access-key',
    hints: ['ecret_access_key', 'ECRET_ACCESS_KEY'],
    pattern:
      /aws_secret_access_key["']?\s{0,8}[=:]\s{0,8}["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi
  },
  {
    name: 'github-token',
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
    accept: body(4, mixedCase)
  },
  {
    name: 'github-fine-grained-token',
    hints: ['github_pat_'],
    pattern: /\bgithub_pat_[A-Za-z0-9_]{40,255}\b/g,
    accept: body(11, mixedCase)
  },
  {
    name: 'gitlab-token',
    hints: ['glpat-'],
    pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g
  },
  {
    name: 'slack-token',
    hints: ['xox'],
    pattern: /\bxox[abposr]-[0-9]{1,20}-[A-Za-z0-9-]{10,}/g
  },
  {
    name: 'slack-webhook',
    hints: ['hooks.slack.com/'],
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g
  },
  {
    name: 'stripe-secret-key',
    hints: ['k_live_', 'k_test_'],
    pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{20,}/g,
    accept: body(8, mixedCase)
  },
  {
    name: 'stripe-webhook-secret',
    hints: ['whsec_'],
    pattern: /\bwhsec_[A-Za-z0-9+/]{32,}/g
  },
  {
    name: 'google-api-key',
    hints: ['AIza'],
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g
  },
  {
    name: 'google-oauth-token',
    hints: ['ya29.'],
    pattern: /\bya29\.[0-9A-Za-z_-]{30,}/g,
    accept: body(5, mixedCase)
  },
  {
    name: 'hugging-face-token',
    hints: ['hf_'],
    pattern: /\bhf_[A-Za-z0-9]{34,}\b/g,
    accept: match => /[A-Z]/.test(match) && /[a-z]/.test(match.slice(3))
  },
  {
    name: 'npm-token',
    hints: ['npm_'],
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
    accept: body(4, mixedCase)
  },
  {
    name: 'sendgrid-api-key',
    hints: ['SG.'],
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g
  },
  {
    name: 'databricks-token',
    hints: ['dapi'],
    pattern: /\bdapi[0-9a-f]{32}(?:-[0-9])?\b/g,
    accept: body(4, text => hexToken(text.replace(/-[0-9]$/, '')))
  },
  {
    name: 'replicate-token',
    hints: ['r8_'],
    pattern: /\br8_[A-Za-z0-9]{37}\b/g,
    accept: body(3, mixedCase)
  },
  {
    name: 'groq-api-key',
    hints: ['gsk_'],
    pattern: /\bgsk_[A-Za-z0-9]{52}\b/g,
    accept: body(4, mixedCase)
  },
  {
    name: 'azure-storage-key',
    hints: ['AccountKey='],
    pattern: /AccountKey=[A-Za-z0-9+/]{80,}={0,2}/g
  },
  {
    name: 'jwt',
    hints: ['eyJ'],
    pattern:
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g,
    accept: jwtHeader
  },
  {
    // Starts at `://` so the search has a literal to look for; the scheme is added after.
    name: 'url-credentials',
    hints: ['://'],
    pattern: /:\/\/[^\s/?#@:'"]{0,256}:[^\s/?#@'"]{1,256}@[^\s/?#@'"]+/g,
    accept: realPassword,
    start: (text, from) => {
      let start = from;
      while (
        start > 0 &&
        from - start < 32 &&
        /[A-Za-z0-9+.-]/.test(text[start - 1])
      ) {
        start--;
      }
      return start;
    }
  },
  {
    name: 'bearer-token',
    hints: ['Bearer'],
    pattern: /\bBearer\s{1,8}[A-Za-z0-9._~+/-]{20,}=*/g,
    accept: randomValue
  },
  {
    // Jupyter's `?token=`, Azure SAS `&sig=`, `?api_key=` in a URL or query.
    name: 'url-secret-parameter',
    hints: [
      'token=',
      'key=',
      'Key=',
      'auth=',
      'sig=',
      'signature=',
      'password=',
      'secret='
    ],
    pattern:
      /[?&](?:access_token|token|api_?[Kk]ey|[Kk]ey|auth|sig|signature|password|secret)=[A-Za-z0-9%._~+/-]{16,}/g,
    accept: randomValue
  },
  {
    name: 'basic-auth',
    hints: ['Basic'],
    pattern: /\bBasic\s{1,8}[A-Za-z0-9+/]{8,}={0,2}/g,
    accept: basicCredentials
  }
];
