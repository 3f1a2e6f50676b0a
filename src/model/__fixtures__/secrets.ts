/**
 * Corpora for the redaction tests: fake but format-correct credentials, and
 * realistic ML/LLM parameters that must stay as they are.
 *
 * Credentials are assembled at runtime from split prefixes and seeded random
 * bodies, so this repository holds no text that secret scanners flag.
 */

import type { JSONValue } from '../types';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const URL_SAFE = ALNUM + '-_';
export const BASE64 = ALNUM + '+/';
export const HEX = '0123456789abcdef';
export const BASE32 = UPPER + '234567';
export const LETTERS = UPPER + LOWER;

/** A seeded generator (mulberry32): the same corpus on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(20240611);

/**
 * `length` characters of `alphabet`; every class the alphabet has (upper,
 * lower, digit) appears at least once, as it does in real random keys.
 */
export function randomChars(length: number, alphabet: string): string {
  const pick = (from: string) => from[Math.floor(random() * from.length)];
  const chars = Array.from({ length }, () => pick(alphabet));
  const classes = [UPPER, LOWER, DIGITS]
    .map(set => [...set].filter(c => alphabet.includes(c)).join(''))
    .filter(Boolean);
  classes.forEach((set, k) => {
    chars[(k * 7 + 3) % length] = pick(set);
  });
  return chars.join('');
}

/** Join split fragments: keeps whole prefixes out of the source text. */
const join = (...parts: string[]) => parts.join('');

function base64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function pemBlock(kind: string, lines: number): string {
  const body = Array.from({ length: lines }, () => randomChars(64, BASE64));
  const label = `${kind}PRIVATE ${'KEY'}`;
  return [
    join('-----BEG', `IN ${label}-----`),
    ...body,
    join('-----EN', `D ${label}-----`),
    ''
  ].join('\n');
}

export interface ISecretCase {
  /** What it is, for test names. */
  label: string;
  /** The detector expected to recognise it. */
  detector: string;
  /** The name it usually has in a notebook. */
  name: string;
  /** Whether that name alone is caught (false: found by value only). */
  nameCaught: boolean;
  value: JSONValue;
}

const awsKeyId = join('AK', 'IA', randomChars(16, BASE32));
const jwt = [
  base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
  base64Url(
    JSON.stringify({ sub: 'ml-pipeline', iat: 1717000000, scope: 'runs' })
  ),
  randomChars(43, URL_SAFE)
].join('.');

/** At least 25 credentials, each found by its format. */
export const SECRET_CASES: ISecretCase[] = [
  {
    label: 'OpenAI legacy key',
    detector: 'openai-api-key',
    name: 'OPENAI_API_KEY',
    nameCaught: true,
    value: join('s', 'k-', randomChars(48, ALNUM))
  },
  {
    label: 'OpenAI project key',
    detector: 'openai-api-key',
    name: 'openai_api_key',
    nameCaught: true,
    value: join('s', 'k-proj-', randomChars(156, URL_SAFE))
  },
  {
    label: 'OpenAI service-account key',
    detector: 'openai-api-key',
    name: 'openaiKey',
    nameCaught: true,
    value: join('s', 'k-svcacct-', randomChars(120, URL_SAFE))
  },
  {
    label: 'Anthropic key',
    detector: 'anthropic-api-key',
    name: 'ANTHROPIC_API_KEY',
    nameCaught: true,
    value: join('s', 'k-ant-', 'api03-', randomChars(93, URL_SAFE), 'AA')
  },
  {
    label: 'AWS access key id',
    detector: 'aws-access-key-id',
    name: 'AWS_ACCESS_KEY_ID',
    nameCaught: true,
    value: awsKeyId
  },
  {
    label: 'AWS temporary access key id',
    detector: 'aws-access-key-id',
    name: 'aws_session_key',
    nameCaught: true,
    value: join('AS', 'IA', randomChars(16, BASE32))
  },
  {
    label: 'AWS credentials file text',
    detector: 'aws-secret-access-key',
    name: 'aws_credentials',
    nameCaught: true,
    value: [
      '[default]',
      `aws_access_key_id = ${awsKeyId}`,
      join('aws_secret_', 'access_key = ', randomChars(40, BASE64))
    ].join('\n')
  },
  {
    label: 'GitHub personal access token (classic)',
    detector: 'github-token',
    name: 'GITHUB_TOKEN',
    nameCaught: true,
    value: join('gh', 'p_', randomChars(36, ALNUM))
  },
  {
    label: 'GitHub OAuth token',
    detector: 'github-token',
    name: 'github_oauth_token',
    nameCaught: true,
    value: join('gh', 'o_', randomChars(36, ALNUM))
  },
  {
    label: 'GitHub app installation token',
    detector: 'github-token',
    name: 'gh_app_token',
    nameCaught: true,
    value: join('gh', 's_', randomChars(36, ALNUM))
  },
  {
    label: 'GitHub fine-grained token',
    detector: 'github-fine-grained-token',
    name: 'github_token',
    nameCaught: true,
    value: join(
      'github',
      '_pat_',
      randomChars(22, ALNUM),
      '_',
      randomChars(59, ALNUM)
    )
  },
  {
    label: 'GitLab token',
    detector: 'gitlab-token',
    name: 'GITLAB_TOKEN',
    nameCaught: true,
    value: join('gl', 'pat-', randomChars(20, URL_SAFE))
  },
  {
    label: 'Slack bot token',
    detector: 'slack-token',
    name: 'SLACK_BOT_TOKEN',
    nameCaught: true,
    value: join(
      'xo',
      'xb-',
      randomChars(12, DIGITS),
      '-',
      randomChars(13, DIGITS),
      '-',
      randomChars(24, ALNUM)
    )
  },
  {
    label: 'Slack user token',
    detector: 'slack-token',
    name: 'slack_user_token',
    nameCaught: true,
    value: join(
      'xo',
      'xp-',
      randomChars(12, DIGITS),
      '-',
      randomChars(12, DIGITS),
      '-',
      randomChars(13, DIGITS),
      '-',
      randomChars(32, HEX)
    )
  },
  {
    label: 'Slack incoming webhook',
    detector: 'slack-webhook',
    name: 'slack_webhook_url',
    nameCaught: false,
    value: join(
      'https://hooks.',
      'slack.com/services/T',
      randomChars(10, UPPER + DIGITS),
      '/B',
      randomChars(10, UPPER + DIGITS),
      '/',
      randomChars(24, ALNUM)
    )
  },
  {
    label: 'Stripe live secret key',
    detector: 'stripe-secret-key',
    name: 'STRIPE_SECRET_KEY',
    nameCaught: true,
    value: join('s', 'k_li', 've_', randomChars(99, ALNUM))
  },
  {
    label: 'Stripe restricted key',
    detector: 'stripe-secret-key',
    name: 'stripe_restricted_key',
    nameCaught: true,
    value: join('r', 'k_li', 've_', randomChars(99, ALNUM))
  },
  {
    label: 'Stripe webhook signing secret',
    detector: 'stripe-webhook-secret',
    name: 'stripe_webhook_secret',
    nameCaught: true,
    value: join('wh', 'sec_', randomChars(32, ALNUM))
  },
  {
    label: 'Google API key',
    detector: 'google-api-key',
    name: 'GOOGLE_API_KEY',
    nameCaught: true,
    value: join('AI', 'za', randomChars(35, URL_SAFE))
  },
  {
    label: 'Google OAuth access token',
    detector: 'google-oauth-token',
    name: 'google_access_token',
    nameCaught: true,
    value: join('ya', '29.', randomChars(150, URL_SAFE))
  },
  {
    label: 'Hugging Face token',
    detector: 'hugging-face-token',
    name: 'HF_TOKEN',
    nameCaught: true,
    value: join('h', 'f_', randomChars(34, LETTERS))
  },
  {
    label: 'RSA private key (PEM)',
    detector: 'private-key',
    name: 'private_key',
    nameCaught: true,
    value: pemBlock('RSA ', 6)
  },
  {
    label: 'OpenSSH private key',
    detector: 'private-key',
    name: 'ssh_key',
    nameCaught: true,
    value: pemBlock('OPENSSH ', 4)
  },
  {
    label: 'GCP service-account JSON (nested PEM)',
    detector: 'private-key',
    name: 'gcp_credentials',
    nameCaught: true,
    value: {
      type: 'service_account',
      project_id: 'ml-research-1234',
      private_key_id: randomChars(40, HEX),
      private_key: pemBlock('', 8),
      client_email: 'trainer@ml-research-1234.iam.gserviceaccount.com'
    }
  },
  {
    label: 'JWT access token',
    detector: 'jwt',
    name: 'access_token',
    nameCaught: true,
    value: jwt
  },
  {
    label: 'Postgres URL with password',
    detector: 'url-credentials',
    name: 'DATABASE_URL',
    nameCaught: false,
    value: `postgresql://ml_user:${randomChars(16, ALNUM)}@db.internal:5432/features`
  },
  {
    label: 'MongoDB SRV URL with password',
    detector: 'url-credentials',
    name: 'mongo_uri',
    nameCaught: false,
    value: `mongodb+srv://etl:${randomChars(20, ALNUM)}@cluster0.ab1cd.mongodb.net/?retryWrites=true`
  },
  {
    label: 'Bearer header in a dict',
    detector: 'bearer-token',
    name: 'headers',
    nameCaught: false,
    value: { Authorization: `Bearer ${randomChars(40, ALNUM)}`, Accept: 'json' }
  },
  {
    label: 'HTTP Basic credentials',
    detector: 'basic-auth',
    name: 'auth_header',
    nameCaught: true,
    value: `Basic ${btoa(`ml-bot:${randomChars(18, ALNUM)}`)}`
  },
  {
    label: 'SendGrid key',
    detector: 'sendgrid-api-key',
    name: 'SENDGRID_API_KEY',
    nameCaught: true,
    value: join(
      'S',
      'G.',
      randomChars(22, URL_SAFE),
      '.',
      randomChars(43, URL_SAFE)
    )
  },
  {
    label: 'npm token',
    detector: 'npm-token',
    name: 'NPM_TOKEN',
    nameCaught: true,
    value: join('np', 'm_', randomChars(36, ALNUM))
  },
  {
    label: 'Databricks token',
    detector: 'databricks-token',
    name: 'DATABRICKS_TOKEN',
    nameCaught: true,
    value: join('da', 'pi', randomChars(32, HEX))
  },
  {
    label: 'Replicate token',
    detector: 'replicate-token',
    name: 'REPLICATE_API_TOKEN',
    nameCaught: true,
    value: join('r', '8_', randomChars(37, ALNUM))
  },
  {
    label: 'Groq key',
    detector: 'groq-api-key',
    name: 'GROQ_API_KEY',
    nameCaught: true,
    value: join('gs', 'k_', randomChars(52, ALNUM))
  },
  {
    label: 'Azure storage connection string',
    detector: 'azure-storage-key',
    name: 'AZURE_STORAGE_CONNECTION_STRING',
    nameCaught: false,
    value: join(
      'DefaultEndpointsProtocol=https;AccountName=mldata;Account',
      'Key=',
      randomChars(86, BASE64),
      '==;EndpointSuffix=core.windows.net'
    )
  },
  {
    label: 'Jupyter server URL with token',
    detector: 'url-secret-parameter',
    name: 'jupyter_url',
    nameCaught: false,
    value: `http://127.0.0.1:8888/lab?${'tok'}en=${randomChars(48, HEX)}`
  },
  {
    label: 'Slack tokens in a list',
    detector: 'slack-token',
    name: 'slack_tokens',
    nameCaught: false,
    value: [
      'placeholder',
      join('xo', 'xb-', randomChars(11, DIGITS), '-', randomChars(24, ALNUM))
    ]
  }
];
