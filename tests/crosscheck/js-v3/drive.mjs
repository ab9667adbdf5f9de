// Cross-check driver: the official AWS SDK for JavaScript v3 against a LoadTest emulator, as an
// application would use it: ONE shared BedrockRuntimeClient (so one retry quota and one adaptive
// rate limiter, as the SDK keeps them per client), N closed-loop virtual users sending Converse
// for T seconds or until a request budget is spent, whichever comes first. Prints one JSON object
// on stdout; `loadtest run --sdk js-v3` on the same emulator config is compared with it.
//
// node drive.mjs --endpoint http://127.0.0.1:4010 --model global.anthropic.claude-haiku-4-5-20251001-v1:0 \
//   --users 5 --seconds 10 [--max-requests 10000] [--max-tokens 200] [--output-tokens N] \
//   [--retry-mode standard|adaptive] [--max-attempts 3] [--transport http1|h2] [--request-timeout 60]
//
// Exit codes: 0 done; 2 bad arguments (including a non-loopback endpoint); 3 the watchdog had to
// stop a run that did not end by itself (the partial result is still printed).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const USAGE = 'usage: node drive.mjs --endpoint URL --model ID --users N --seconds T [--max-requests M] [--max-tokens K] '
  + '[--output-tokens N] [--input-tokens N] [--retry-mode standard|adaptive] [--max-attempts A] [--transport http1|h2] [--request-timeout S]';

function fail(message) {
  process.stderr.write(`drive.mjs: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const known = new Set(['endpoint', 'model', 'users', 'seconds', 'max-requests', 'max-tokens', 'output-tokens', 'input-tokens',
    'retry-mode', 'max-attempts', 'transport', 'request-timeout']);
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.startsWith('--') ? argv[i].slice(2) : undefined;
    if (!key || !known.has(key)) fail(`unknown argument '${argv[i]}'`);
    if (i + 1 >= argv.length) fail(`--${key} needs a value`);
    args[key] = argv[i + 1];
  }
  const int = (key, fallback, min, max) => {
    const text = args[key];
    if (text === undefined) {
      if (fallback === undefined) fail(`--${key} is required`);
      return fallback;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) fail(`--${key} should be an integer from ${min} to ${max}, got '${text}'`);
    return value;
  };
  if (!args.endpoint) fail('--endpoint is required');
  if (!args.model) fail('--model is required');
  const retryMode = args['retry-mode'] ?? 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') fail(`--retry-mode should be standard or adaptive, got '${retryMode}'`);
  const transport = args.transport ?? 'http1';
  if (transport !== 'http1' && transport !== 'h2') fail(`--transport should be http1 or h2, got '${transport}'`);
  return {
    endpoint: loopbackEndpoint(args.endpoint),
    model: args.model,
    users: int('users', undefined, 1, 1000),
    seconds: int('seconds', undefined, 1, 3600),
    maxRequests: int('max-requests', 10_000, 1, 10_000_000),
    maxTokens: int('max-tokens', 200, 1, 200_000),
    outputTokens: args['output-tokens'] === undefined ? undefined : int('output-tokens', undefined, 0, 200_000),
    inputTokens: args['input-tokens'] === undefined ? undefined : int('input-tokens', undefined, 16, 200_000),
    retryMode,
    maxAttempts: int('max-attempts', 3, 1, 100),
    transport,
    requestTimeoutSeconds: int('request-timeout', 60, 1, 3600),
  };
}

// Load only ever goes to this machine: 127.0.0.0/8, localhost or [::1].
function loopbackEndpoint(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    fail(`--endpoint '${text}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`--endpoint should be http:// or https://, got '${text}'`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost'
    || (isIP(host) === 4 && host.split('.')[0] === '127')
    || (isIP(host) === 6 && (host === '::1' || host === '0:0:0:0:0:0:0:1'));
  if (!loopback) fail(`--endpoint must be a loopback URL (127.0.0.0/8, localhost or [::1]), got '${text}'`);
  return url.toString().replace(/\/$/, '');
}

function packageVersion(name) {
  try {
    const file = new URL(`./node_modules/${name}/package.json`, import.meta.url);
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return null;
  }
}

// Nearest-rank percentile of a sorted array.
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return round(sorted[rank - 1]);
}

const round = (ms) => Math.round(ms * 10) / 10;

function latencySummary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? round(sorted[sorted.length - 1]) : null,
  };
}

// The emulator counts one token per 4 UTF-8 bytes (src/Core/Models/TokenCounting.cs): a prompt of
// N tokens is the short question padded to 4N ASCII bytes. Without --input-tokens: the question (15).
function prompt(tokens) {
  const question = 'Suggest three gifts for a Diwali celebration, one line each.';
  if (tokens === undefined) return question;
  return (question + ' ' + 'context '.repeat(tokens)).slice(0, tokens * 4);
}

const opts = parseArgs(process.argv.slice(2));
const client = new BedrockRuntimeClient({
  region: 'us-east-1',
  endpoint: opts.endpoint,
  credentials: { accessKeyId: 'AKIDLOADTESTCROSSCHECK', secretAccessKey: 'loadtest-crosscheck-dummy-secret' },
  retryMode: opts.retryMode,
  maxAttempts: opts.maxAttempts,
  // http1 (the default) matches the .NET client's transport; h2 is the JS client's own default.
  ...(opts.transport === 'http1'
    ? { requestHandler: new NodeHttpHandler({ httpAgent: { maxSockets: opts.users, keepAlive: true } }) }
    : {}),
});

const input = {
  modelId: opts.model,
  messages: [{ role: 'user', content: [{ text: prompt(opts.inputTokens) }] }],
  inferenceConfig: { maxTokens: opts.maxTokens, temperature: 0.2 },
  ...(opts.outputTokens === undefined ? {} : { requestMetadata: { 'loadtest-output-tokens': String(opts.outputTokens) } }),
};

const stats = {
  started: 0,
  ok: 0,
  failed: 0,
  failedByError: {},
  attemptsTotal: 0,
  totalRetryDelayMs: 0,
  latencies: [],
  okLatencies: [],
};

const startedAt = performance.now();
const deadline = startedAt + opts.seconds * 1000;

async function virtualUser() {
  while (performance.now() < deadline && stats.started < opts.maxRequests) {
    stats.started++;
    const t0 = performance.now();
    const abortSignal = AbortSignal.timeout(opts.requestTimeoutSeconds * 1000);
    try {
      const out = await client.send(new ConverseCommand(input), { abortSignal });
      const ms = performance.now() - t0;
      stats.ok++;
      stats.latencies.push(ms);
      stats.okLatencies.push(ms);
      stats.attemptsTotal += out.$metadata?.attempts ?? 1;
      stats.totalRetryDelayMs += out.$metadata?.totalRetryDelay ?? 0;
    } catch (error) {
      const ms = performance.now() - t0;
      const name = error?.name ?? 'Error';
      stats.failed++;
      stats.failedByError[name] = (stats.failedByError[name] ?? 0) + 1;
      stats.latencies.push(ms);
      stats.attemptsTotal += error?.$metadata?.attempts ?? 1;
      stats.totalRetryDelayMs += error?.$metadata?.totalRetryDelay ?? 0;
    }
  }
}

function report(extra = {}) {
  return {
    sdk: 'js-v3',
    clientVersion: packageVersion('@aws-sdk/client-bedrock-runtime'),
    smithyCoreVersion: packageVersion('@smithy/core'),
    endpoint: opts.endpoint,
    model: opts.model,
    retryMode: opts.retryMode,
    maxAttempts: opts.maxAttempts,
    transport: opts.transport,
    users: opts.users,
    seconds: opts.seconds,
    maxRequests: opts.maxRequests,
    elapsedSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
    sent: stats.started,
    ok: stats.ok,
    failed: stats.failed,
    failedByError: stats.failedByError,
    attemptsTotal: stats.attemptsTotal,
    totalRetryDelayMs: stats.totalRetryDelayMs,
    latencyMs: latencySummary(stats.latencies),
    okLatencyMs: latencySummary(stats.okLatencies),
    ...extra,
  };
}

// Every loop ends by itself (deadline, request budget, per-call abort); this only guards a hang.
const watchdog = setTimeout(() => {
  process.stdout.write(`${JSON.stringify(report({ watchdog: true }))}\n`);
  process.exit(3);
}, (opts.seconds + opts.requestTimeoutSeconds + 30) * 1000);
watchdog.unref();

await Promise.all(Array.from({ length: opts.users }, () => virtualUser()));
clearTimeout(watchdog);
client.destroy();
process.stdout.write(`${JSON.stringify(report())}\n`);
