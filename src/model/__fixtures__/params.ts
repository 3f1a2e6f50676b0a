/**
 * Parameter records as capture writes them, and secrets that only their
 * names give away, for the redaction tests.
 */

import { formatPythonLiteral } from '../python/pythonRepr';
import type { IParamRecord, JSONValue } from '../types';
import { ALNUM, BASE64, HEX, randomChars } from './secrets';

/** A parameter as capture records a literal: value and its source text. */
export function pythonParam(
  value: JSONValue,
  type: string = typeof value
): IParamRecord {
  return {
    value,
    source: formatPythonLiteral(value),
    type,
    origin: 'source',
    exact: true
  };
}

export /** A parameter whose right side is an expression, not a literal. */
function expression(source: string): IParamRecord {
  return {
    value: null,
    source,
    type: 'expression',
    origin: 'source',
    exact: false
  };
}

/** Secrets in no known format: only their names give them away. */
export const NAME_ONLY_SECRETS: [string, JSONValue, string][] = [
  ['aws_secret_access_key', randomChars(40, BASE64), 'str'],
  ['WANDB_API_KEY', randomChars(40, HEX), 'str'],
  ['db_password', 'hunter2', 'str'],
  ['MLFLOW_TRACKING_PASSWORD', 'correct horse battery staple', 'str'],
  ['client_secret', randomChars(32, ALNUM), 'str'],
  [
    'pinecone_api_key',
    [8, 4, 4, 4, 12].map(n => randomChars(n, HEX)).join('-'),
    'str'
  ],
  ['password', 12345678, 'int'],
  ['smtp_pass', 'letmein!', 'str'],
  ['db_pwd', 's3cr3t', 'str'],
  ['passphrase', 'the quick brown fox', 'str'],
  ['credentials', ['svc-user', 'Winter2024!'], 'tuple'],
  ['auth', ['admin', 'admin123'], 'tuple'],
  ['authToken', 'abc123', 'str'],
  ['apikey', 'local-dev-key', 'str'],
  ['secretKey', 'django-insecure-4x!q', 'str'],
  ['x_api_key', 'demo', 'str'],
  ['OPENAI_API_KEY_BACKUP', 'sk-short', 'str'],
  ['api_key_2', 'second', 'str'],
  ['hf_auth', 'read-token', 'str'],
  ['MY_SECRETS', { db: 'pw1', cache: 'pw2' }, 'dict'],
  ['creds', { user: 'u', pw: 'p' }, 'dict'],
  ['comet_api_key', randomChars(25, ALNUM), 'str'],
  ['encryption_key', randomChars(64, HEX), 'str'],
  ['session_token', randomChars(30, BASE64), 'str']
];
