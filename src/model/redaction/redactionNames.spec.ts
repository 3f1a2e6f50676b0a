import { isSecretName, nameWords, secretNamePatternErrors } from './redaction';

describe('isSecretName', () => {
  it.each([
    'api_key',
    'OPENAI_API_KEY',
    'hf_token',
    'db_password',
    'aws_secret_access_key',
    'authToken',
    'client-secret',
    'apikey',
    'accesstoken',
    'secretkey',
    'passwd',
    'credentials',
    'key',
    'token',
    'id_token',
    'HTTPAuthHeader',
    'hub_token',
    'push_to_hub_token',
    'serpapi_api_key',
    'db_pwd',
    'MY_SECRETS'
  ])('%s matches', name => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'keyword',
    'keys',
    'monkey',
    'author',
    'authority',
    'tokenizer',
    'max_tokens',
    'num_tokens',
    'tokenizer_name',
    'keep_prob',
    'primary_key_col',
    'token_type',
    'secret_name',
    'password_file',
    'passthrough',
    'pad_token',
    'key_frames',
    'hotkey',
    'return_token_type_ids',
    'decoder_start_token_id',
    'skip_special_tokens',
    'private_key_path',
    'ssl_keyfile',
    'key_vault_url',
    'passage',
    'bypass_cache',
    'credit_limit',
    'client_id'
  ])('%s does not match', name => {
    expect(isSecretName(name)).toBe(false);
  });

  it.each([
    ['OPENAI_API_KEY2', ['openai', 'api', 'key', '2']],
    ['authToken', ['auth', 'token']],
    ['HTTPAuthHeader', ['http', 'auth', 'header']],
    ['client-secret', ['client', 'secret']]
  ])('splits %s into words', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });

  it.each<[string[], string, boolean]>([
    [['cookie'], 'session_cookie', true],
    [['cookie'], 'session_cookies', true],
    [['private_key'], 'ssh_private_key', true],
    [['private_key'], 'key', false],
    [['/^sig_/'], 'SIG_LOCAL', true],
    [['/^sig_/'], 'signal', false],
    [['/tok$/'], 'hf_tok', true],
    [[], 'api_key', false]
  ])('custom patterns %j on %s give %s', (patterns, name, expected) => {
    expect(isSecretName(name, patterns)).toBe(expected);
  });

  it('reports bad setting entries', () => {
    expect(secretNamePatternErrors(['key', '/(/', '---'])).toEqual([
      expect.stringContaining('/(/'),
      '---: has no letters or digits'
    ]);
    expect(isSecretName('api_key', ['key', '/(/'])).toBe(true);
  });
});
