// What a user would script instead of LoadTest: N callers in a closed loop, each sending the
// non-streaming Converse of bench/emulator/converse.lua through the official AWS SDK for
// JavaScript v3 (SigV4, retries off like bench.yaml), for a fixed time after a 3 s warm-up.
// Prints req/s and CPU per request (process.cpuUsage: user + system of this process).
// Usage: node converse-loop.mjs <endpoint> [seconds=10] [callers=64] [transport=http1|h2]
//   http1: NodeHttpHandler with a keep-alive agent of `callers` sockets (what wrk, ClientBench and
//          `loadtest run` use); h2: the client's default handler (h2c on a plain http:// endpoint,
//          so point it at the emulator's --http2-port).
// Bounded: at most 10,000,000 requests per window, and each call times out after 30 s.
import http from 'node:http';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const [endpoint, secondsArg = '10', callersArg = '64', transport = 'http1'] = process.argv.slice(2);
if (!endpoint || !['http1', 'h2'].includes(transport)) {
  console.error('usage: node converse-loop.mjs <endpoint> [seconds=10] [callers=64] [http1|h2]');
  process.exit(2);
}
const seconds = Number(secondsArg);
const callers = Number(callersArg);
const maxRequests = 10_000_000;

const client = new BedrockRuntimeClient({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDLOADTESTNODEPEER', secretAccessKey: 'loadtest-node-peer-dummy-secret' },
  maxAttempts: 1,
  ...(transport === 'http1'
    ? { requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: callers }), requestTimeout: 30_000 }) }
    : {}),
});

const input = {
  modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0',
  messages: [{ role: 'user', content: [{ text: 'Suggest three gifts for Diwali under 2000 rupees, with one line each.' }] }],
  inferenceConfig: { maxTokens: 512, temperature: 0.5 },
  requestMetadata: { 'loadtest-output-tokens': '100' },
};

async function window(lengthSeconds) {
  let ok = 0;
  let failed = 0;
  let firstError;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(lengthSeconds * 1e9));
  const loop = async () => {
    while (process.hrtime.bigint() < deadline && ok + failed < maxRequests) {
      try {
        const response = await client.send(new ConverseCommand(input));
        if (response.usage?.outputTokens > 0) {
          ok++;
        } else {
          failed++;
        }
      } catch (error) {
        failed++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { ok, failed, firstError, elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

await window(3); // warm-up: JIT, connections
const r = await window(seconds);
const name = `Node SDK (${transport})`;
console.log(`${name}: ${(r.ok / r.elapsed).toFixed(0)} req/s, ${r.failed} failed, ${(r.cpuSeconds / r.elapsed).toFixed(2)} cores, `
  + `${(r.cpuSeconds * 1e6 / Math.max(1, r.ok)).toFixed(0)} us CPU per request (${callers} callers, ${r.elapsed.toFixed(1)} s)`);
if (r.firstError) {
  console.log(`${name}: first error: ${r.firstError.name}: ${r.firstError.message}`);
}
client.destroy();
