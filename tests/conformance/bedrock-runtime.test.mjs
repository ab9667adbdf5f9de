// Wire conformance: the official AWS SDK for JavaScript v3 Bedrock Runtime client against the
// LoadTest emulator, over HTTP/1.1 (NodeHttpHandler) and h2c (the client's default
// NodeHttp2Handler). Needs EMULATOR_HTTP1 and EMULATOR_H2C (base URLs); the emulator must serve
// EMULATOR_MODEL with ample quota and EMULATOR_TINY_RPM_MODEL with an RPM of a few requests.
// Run: EMULATOR_HTTP1=http://127.0.0.1:4010 EMULATOR_H2C=http://127.0.0.1:4011 node --test
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { isThrottlingError } from '@smithy/core/retry';

const HTTP1 = process.env.EMULATOR_HTTP1;
const H2C = process.env.EMULATOR_H2C;
if (!HTTP1 || !H2C) {
  throw new Error('Set EMULATOR_HTTP1 and EMULATOR_H2C to the emulator base URLs (see `loadtest emulator`).');
}

const MODEL = process.env.EMULATOR_MODEL ?? 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const TINY_RPM_MODEL = process.env.EMULATOR_TINY_RPM_MODEL ?? 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const APP_PROFILE = process.env.EMULATOR_APP_PROFILE;
const NOVA_MODEL = process.env.EMULATOR_NOVA_MODEL ?? 'global.amazon.nova-2-lite-v1:0';
const EMBED_MODEL = process.env.EMULATOR_EMBED_MODEL ?? 'global.cohere.embed-v4:0';
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function makeClient(transport) {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: transport === 'http1' ? HTTP1 : H2C,
    credentials: { accessKeyId: 'AKIDLOADTESTDUMMY', secretAccessKey: 'loadtest-dummy-secret' },
    maxAttempts: 1,
    // h2c: no requestHandler, so the client's own default (NodeHttp2Handler) is what is tested.
    ...(transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}),
  });
}

function converseInput(modelId, outputTokens, maxTokens = 200) {
  return {
    modelId,
    messages: [{ role: 'user', content: [{ text: 'Name three festivals celebrated in India.' }] }],
    inferenceConfig: { maxTokens, temperature: 0.2 },
    requestMetadata: { 'loadtest-output-tokens': String(outputTokens) },
  };
}

function anthropicBody(outputTokens, maxTokens = 200) {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: maxTokens,
    messages: [{ role: 'user', content: [{ type: 'text', text: `Describe a cricket final. [[loadtest:output-tokens=${outputTokens}]]` }] }],
  });
}

// Amazon Nova's own InvokeModel body, as the Nova 2 user guide's boto3 examples send it.
function novaBody(outputTokens, maxTokens = 200) {
  return JSON.stringify({
    system: [{ text: 'You are a concise assistant.' }],
    messages: [{ role: 'user', content: [{ text: `Describe a kite festival. [[loadtest:output-tokens=${outputTokens}]]` }] }],
    inferenceConfig: { maxTokens, temperature: 0.7, topP: 0.9 },
  });
}

// Claude extended thinking and tool use, shaped like the public boto3 / SDK examples: thinking in
// Converse through additionalModelRequestFields, in the Anthropic body as `thinking`; the steering
// keys ask the emulator for 1,100 thinking tokens and a short visible answer.
const THINKING = { type: 'enabled', budget_tokens: 1500 };
const STEER_THINKING = { 'loadtest-thinking-tokens': '1100', 'loadtest-output-tokens': '20' };
const WEATHER_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city', 'days', 'unit'],
};
const CONVERSE_TOOLS = { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: WEATHER_SCHEMA } } }] };
const ANTHROPIC_TOOLS = [{ name: 'get_weather', description: 'Weather for a city', input_schema: WEATHER_SCHEMA }];

function thinkingAnthropicBody() {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 2000,
    thinking: THINKING,
    anthropic_beta: ['interleaved-thinking-2025-05-14'],
    messages: [{ role: 'user', content: 'Plan a festival week. [[loadtest:thinking-tokens=1100]] [[loadtest:output-tokens=20]]' }],
  });
}

function assertWeatherInput(input) {
  assert.equal(typeof input.city, 'string');
  assert.ok(Number.isInteger(input.days));
  assert.equal(input.unit, 'celsius');
}

async function anthropicEvents(res) {
  const events = [];
  for await (const event of res.body) events.push(JSON.parse(decoder.decode(event.chunk.bytes)));
  return events;
}

async function expectError(promise, name, status) {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    assert.ok(err.message && err.message.length > 10, 'the error carries a readable message');
    return err;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

for (const transport of ['http1', 'h2c']) {
  describe(`Bedrock Runtime over ${transport}`, () => {
    const client = makeClient(transport);

    test('Converse returns a message, stop reason, usage and metrics', async () => {
      const res = await client.send(new ConverseCommand(converseInput(MODEL, 12)));
      assert.equal(res.$metadata.httpStatusCode, 200);
      assert.equal(res.output.message.role, 'assistant');
      const text = res.output.message.content.map((c) => c.text).join('');
      assert.equal(encoder.encode(text).length, 12 * 4, 'output text is 4 bytes per reported token');
      assert.equal(res.stopReason, 'end_turn');
      assert.equal(res.usage.outputTokens, 12);
      assert.ok(res.usage.inputTokens > 0);
      assert.equal(res.usage.totalTokens, res.usage.inputTokens + res.usage.outputTokens);
      assert.equal(typeof res.metrics.latencyMs, 'number');
    });

    test('Converse caps output at maxTokens with stopReason max_tokens', async () => {
      const res = await client.send(new ConverseCommand(converseInput(MODEL, 50, 7)));
      assert.equal(res.stopReason, 'max_tokens');
      assert.equal(res.usage.outputTokens, 7);
    });

    test('ConverseStream decodes every event in order with usage', async () => {
      const res = await client.send(new ConverseStreamCommand(converseInput(MODEL, 21)));
      const kinds = [];
      let text = '';
      let stopReason;
      let usage;
      let metrics;
      for await (const event of res.stream) {
        const kind = Object.keys(event).find((k) => event[k] !== undefined);
        kinds.push(kind);
        if (event.contentBlockDelta) text += event.contentBlockDelta.delta.text;
        if (event.messageStop) stopReason = event.messageStop.stopReason;
        if (event.metadata) {
          usage = event.metadata.usage;
          metrics = event.metadata.metrics;
        }
      }
      assert.equal(kinds[0], 'messageStart');
      assert.ok(kinds.includes('contentBlockDelta'));
      assert.deepEqual(kinds.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
      assert.equal(encoder.encode(text).length, 21 * 4);
      assert.equal(stopReason, 'end_turn');
      assert.equal(usage.outputTokens, 21);
      assert.ok(usage.inputTokens > 0);
      assert.equal(typeof metrics.latencyMs, 'number');
    });

    test('InvokeModel returns the Anthropic body and token headers', async () => {
      const res = await client.send(new InvokeModelCommand({
        modelId: MODEL, contentType: 'application/json', accept: 'application/json', body: anthropicBody(9),
      }));
      assert.equal(res.$metadata.httpStatusCode, 200);
      const body = JSON.parse(decoder.decode(res.body));
      assert.equal(body.type, 'message');
      assert.equal(body.role, 'assistant');
      assert.equal(body.stop_reason, 'end_turn');
      assert.equal(body.usage.output_tokens, 9);
      assert.ok(body.usage.input_tokens > 0);
      assert.equal(encoder.encode(body.content[0].text).length, 9 * 4);
      assert.equal(res.contentType, 'application/json');
    });

    test('InvokeModelWithResponseStream decodes chunks and invocation metrics', async () => {
      const res = await client.send(new InvokeModelWithResponseStreamCommand({
        modelId: MODEL, contentType: 'application/json', accept: 'application/json', body: anthropicBody(17),
      }));
      assert.equal(res.contentType, 'application/json');
      const types = [];
      let text = '';
      let metrics;
      let outputTokens;
      for await (const event of res.body) {
        assert.ok(event.chunk, `unexpected event ${JSON.stringify(Object.keys(event))}`);
        const payload = JSON.parse(decoder.decode(event.chunk.bytes));
        types.push(payload.type);
        if (payload.type === 'content_block_delta') text += payload.delta.text;
        if (payload.type === 'message_delta') outputTokens = payload.usage.output_tokens;
        if (payload['amazon-bedrock-invocationMetrics']) metrics = payload['amazon-bedrock-invocationMetrics'];
      }
      assert.equal(types[0], 'message_start');
      assert.equal(types[1], 'content_block_start');
      assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
      assert.equal(encoder.encode(text).length, 17 * 4);
      assert.equal(outputTokens, 17);
      assert.equal(metrics.outputTokenCount, 17);
      assert.ok(metrics.inputTokenCount > 0);
      assert.equal(typeof metrics.invocationLatency, 'number');
      assert.equal(typeof metrics.firstByteLatency, 'number');
    });

    test('CountTokens counts Converse and InvokeModel input', async () => {
      const converse = await client.send(new CountTokensCommand({
        modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
        input: { converse: { messages: [{ role: 'user', content: [{ text: 'abcdefgh' }] }] } },
      }));
      assert.equal(converse.inputTokens, 2);
      const invoke = await client.send(new CountTokensCommand({
        modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
        input: { invokeModel: { body: encoder.encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'abcdefghijkl' }] })) } },
      }));
      assert.equal(invoke.inputTokens, 3);
    });

    if (APP_PROFILE) {
      test('an application inference profile ARN (with / and :) is accepted', async () => {
        const res = await client.send(new ConverseCommand(converseInput(APP_PROFILE, 3)));
        assert.equal(res.usage.outputTokens, 3);
      });
    }

    test('Nova 2 Lite: Converse returns a message and usage', async () => {
      const res = await client.send(new ConverseCommand(converseInput(NOVA_MODEL, 11)));
      assert.equal(res.output.message.role, 'assistant');
      assert.equal(res.stopReason, 'end_turn');
      assert.equal(res.usage.outputTokens, 11);
      assert.ok(res.usage.inputTokens > 0);
    });

    test('Nova 2 Lite: ConverseStream decodes every event in order', async () => {
      const res = await client.send(new ConverseStreamCommand(converseInput(NOVA_MODEL, 13)));
      const kinds = [];
      let text = '';
      let usage;
      for await (const event of res.stream) {
        const kind = Object.keys(event).find((k) => event[k] !== undefined);
        kinds.push(kind);
        if (event.contentBlockDelta) text += event.contentBlockDelta.delta.text;
        if (event.metadata) usage = event.metadata.usage;
      }
      assert.equal(kinds[0], 'messageStart');
      assert.deepEqual(kinds.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
      assert.equal(encoder.encode(text).length, 13 * 4);
      assert.equal(usage.outputTokens, 13);
    });

    test("Nova 2 Lite: InvokeModel returns Nova's own body and token headers", async () => {
      const res = await client.send(new InvokeModelCommand({
        modelId: NOVA_MODEL, contentType: 'application/json', accept: 'application/json', body: novaBody(8),
      }));
      const body = JSON.parse(decoder.decode(res.body));
      assert.equal(body.output.message.role, 'assistant');
      assert.equal(encoder.encode(body.output.message.content[0].text).length, 8 * 4);
      assert.equal(body.stopReason, 'end_turn');
      assert.equal(body.usage.outputTokens, 8);
      assert.ok(body.usage.inputTokens > 0);
      assert.equal(body.usage.totalTokens, body.usage.inputTokens + 8);
      assert.equal(body.usage.cacheReadInputTokenCount, 0);
      assert.equal(body.usage.cacheWriteInputTokenCount, 0);
      assert.equal(res.contentType, 'application/json');
    });

    test('Nova 2 Lite: InvokeModel takes the older schemaVersion and max_new_tokens spellings', async () => {
      const res = await client.send(new InvokeModelCommand({
        modelId: NOVA_MODEL,
        contentType: 'application/json',
        body: JSON.stringify({
          schemaVersion: 'messages-v1',
          messages: [{ role: 'user', content: [{ text: 'Name a river. [[loadtest:output-tokens=40]]' }] }],
          inferenceConfig: { max_new_tokens: 6, top_p: 0.9, top_k: 20, temperature: 0.7 },
        }),
      }));
      const body = JSON.parse(decoder.decode(res.body));
      assert.equal(body.stopReason, 'max_tokens');
      assert.equal(body.usage.outputTokens, 6);
    });

    test("Nova 2 Lite: InvokeModelWithResponseStream decodes Nova's chunks and invocation metrics", async () => {
      const res = await client.send(new InvokeModelWithResponseStreamCommand({
        modelId: NOVA_MODEL, contentType: 'application/json', accept: 'application/json', body: novaBody(15),
      }));
      assert.equal(res.contentType, 'application/json');
      const keys = [];
      let text = '';
      let last;
      for await (const event of res.body) {
        assert.ok(event.chunk, `unexpected event ${JSON.stringify(Object.keys(event))}`);
        const payload = JSON.parse(decoder.decode(event.chunk.bytes));
        keys.push(Object.keys(payload)[0]);
        if (payload.contentBlockDelta) text += payload.contentBlockDelta.delta.text;
        last = payload;
      }
      assert.equal(keys[0], 'messageStart');
      assert.deepEqual(keys.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
      assert.equal(encoder.encode(text).length, 15 * 4);
      assert.equal(last.metadata.usage.outputTokens, 15);
      const metrics = last['amazon-bedrock-invocationMetrics'];
      assert.equal(metrics.outputTokenCount, 15);
      assert.equal(metrics.inputTokenCount, last.metadata.usage.inputTokens);
      assert.equal(typeof metrics.firstByteLatency, 'number');
    });

    test('Cohere Embed v4: InvokeModel returns embeddings and the input token count', async () => {
      const res = await client.send(new InvokeModelCommand({
        modelId: EMBED_MODEL,
        contentType: 'application/json',
        accept: '*/*',
        body: JSON.stringify({ texts: ['hello world', 'this is a test'], input_type: 'search_document', embedding_types: ['float', 'int8'], output_dimension: 512 }),
      }));
      assert.equal(res.$metadata.httpStatusCode, 200);
      const body = JSON.parse(decoder.decode(res.body));
      assert.equal(body.response_type, 'embeddings_by_type');
      assert.deepEqual(body.texts, ['hello world', 'this is a test']);
      assert.equal(body.embeddings.float.length, 2);
      assert.equal(body.embeddings.float[0].length, 512);
      assert.equal(body.embeddings.int8[1].length, 512);
      const norm = Math.sqrt(body.embeddings.float[0].reduce((s, x) => s + (x * x), 0));
      assert.ok(Math.abs(norm - 1) < 1e-3, `unit length, got ${norm}`);
      // The same text again, without embedding_types and at the default dimension: a list of float
      // vectors whose first 512 components point the same way (the vectors depend only on the text).
      const plain = await client.send(new InvokeModelCommand({
        modelId: EMBED_MODEL, contentType: 'application/json', body: JSON.stringify({ texts: ['hello world'], input_type: 'search_query' }),
      }));
      const floats = JSON.parse(decoder.decode(plain.body));
      assert.equal(floats.response_type, 'embeddings_floats');
      const prefix = floats.embeddings[0].slice(0, 512);
      const prefixNorm = Math.sqrt(prefix.reduce((s, x) => s + (x * x), 0));
      const cosine = prefix.reduce((s, x, i) => s + (x * body.embeddings.float[0][i]), 0) / prefixNorm;
      assert.ok(Math.abs(cosine - 1) < 1e-4, `same text, same direction: cosine ${cosine}`);
      assert.equal(floats.embeddings[0].length, 1536);
    });

    // The token counts are response headers the SDK does not surface on InvokeModel's output, so
    // they are read with fetch, which speaks HTTP/1.1 only.
    if (transport === 'http1') {
      test('Cohere Embed v4: the token-count headers say input only', async () => {
        const url = `${HTTP1}/model/${encodeURIComponent(EMBED_MODEL)}/invoke`;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ texts: ['abcdefgh'], input_type: 'clustering' }),
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-amzn-bedrock-input-token-count'), '2');
        assert.equal(res.headers.get('x-amzn-bedrock-output-token-count'), '0');
      });
    }

    test('Cohere Embed v4: more than 96 texts, or a stream, is a ValidationException', async () => {
      const texts = Array.from({ length: 97 }, (_, i) => `text ${i}`);
      const err = await expectError(client.send(new InvokeModelCommand({
        modelId: EMBED_MODEL, contentType: 'application/json', body: JSON.stringify({ texts, input_type: 'search_document' }),
      })), 'ValidationException', 400);
      assert.match(err.message, /#\/texts: expected maximum item count: 96, found: 97/);
      const stream = await expectError(client.send(new InvokeModelWithResponseStreamCommand({
        modelId: EMBED_MODEL, contentType: 'application/json', body: JSON.stringify({ texts: ['a'], input_type: 'search_document' }),
      })), 'ValidationException', 400);
      assert.equal(stream.message, 'The model is unsupported for streaming');
      const converse = await expectError(client.send(new ConverseCommand(converseInput(EMBED_MODEL, 3))), 'ValidationException', 400);
      assert.match(converse.message, /doesn't support the model/);
    });

    test('Converse with extended thinking answers reasoningContent (text, signature) before the text', async () => {
      const res = await client.send(new ConverseCommand({
        ...converseInput(MODEL, 20, 2000),
        inferenceConfig: { maxTokens: 2000 },
        additionalModelRequestFields: { thinking: THINKING },
        requestMetadata: STEER_THINKING,
      }));
      const [reasoning, text] = res.output.message.content;
      assert.equal(encoder.encode(reasoning.reasoningContent.reasoningText.text).length, 1100 * 4);
      assert.ok(reasoning.reasoningContent.reasoningText.signature.length > 0);
      assert.equal(encoder.encode(text.text).length, 20 * 4);
      assert.equal(res.usage.outputTokens, 1120, 'thinking tokens are output tokens');
      assert.equal(res.stopReason, 'end_turn');
    });

    test('ConverseStream with extended thinking streams reasoning text, then the signature, then the text', async () => {
      const res = await client.send(new ConverseStreamCommand({
        ...converseInput(MODEL, 20, 2000),
        inferenceConfig: { maxTokens: 2000 },
        additionalModelRequestFields: { thinking: THINKING },
        requestMetadata: STEER_THINKING,
      }));
      let thinking = '';
      let signature;
      let text = '';
      const stops = [];
      let usage;
      for await (const event of res.stream) {
        const delta = event.contentBlockDelta?.delta;
        if (delta?.reasoningContent?.text !== undefined) {
          assert.equal(signature, undefined, 'no reasoning text after the signature');
          thinking += delta.reasoningContent.text;
        }
        if (delta?.reasoningContent?.signature !== undefined) signature = delta.reasoningContent.signature;
        if (delta?.text !== undefined) {
          assert.equal(event.contentBlockDelta.contentBlockIndex, 1);
          text += delta.text;
        }
        if (event.contentBlockStop) stops.push(event.contentBlockStop.contentBlockIndex);
        if (event.metadata) usage = event.metadata.usage;
      }
      assert.equal(encoder.encode(thinking).length, 1100 * 4);
      assert.ok(signature.length > 0);
      assert.equal(encoder.encode(text).length, 20 * 4);
      assert.deepEqual(stops, [0, 1]);
      assert.equal(usage.outputTokens, 1120);
    });

    test('InvokeModel with thinking returns a thinking block with its signature before the text', async () => {
      const res = await client.send(new InvokeModelCommand({
        modelId: MODEL, contentType: 'application/json', accept: 'application/json', body: thinkingAnthropicBody(),
      }));
      const body = JSON.parse(decoder.decode(res.body));
      assert.deepEqual(body.content.map((c) => c.type), ['thinking', 'text']);
      assert.equal(encoder.encode(body.content[0].thinking).length, 1100 * 4);
      assert.ok(body.content[0].signature.length > 0);
      assert.equal(body.usage.output_tokens, 1120);
    });

    test('InvokeModelWithResponseStream with thinking sends thinking_delta, signature_delta, then text_delta', async () => {
      const res = await client.send(new InvokeModelWithResponseStreamCommand({
        modelId: MODEL, contentType: 'application/json', accept: 'application/json', body: thinkingAnthropicBody(),
      }));
      const events = await anthropicEvents(res);
      const starts = events.filter((e) => e.type === 'content_block_start').map((e) => e.content_block.type);
      assert.deepEqual(starts, ['thinking', 'text']);
      const deltas = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.type);
      const signatureAt = deltas.indexOf('signature_delta');
      assert.ok(deltas.slice(0, signatureAt).every((t) => t === 'thinking_delta'));
      assert.ok(deltas.slice(signatureAt + 1).every((t) => t === 'text_delta'));
      const thinking = events.filter((e) => e.delta?.type === 'thinking_delta').map((e) => e.delta.thinking).join('');
      assert.equal(encoder.encode(thinking).length, 1100 * 4);
      assert.equal(events.at(-1)['amazon-bedrock-invocationMetrics'].outputTokenCount, 1120);
    });

    test('Converse tool use across two turns: toolUse with the schema filled, then the answer to the toolResult', async () => {
      const question = { role: 'user', content: [{ text: 'What is the weather in Pune?' }] };
      const first = await client.send(new ConverseCommand({
        modelId: MODEL, messages: [question], inferenceConfig: { maxTokens: 500 },
        toolConfig: { ...CONVERSE_TOOLS, toolChoice: { any: {} } },
      }));
      assert.equal(first.stopReason, 'tool_use');
      const { toolUse } = first.output.message.content.find((c) => c.toolUse);
      assert.equal(toolUse.name, 'get_weather');
      assertWeatherInput(toolUse.input);
      const second = await client.send(new ConverseCommand({
        modelId: MODEL, inferenceConfig: { maxTokens: 500 }, toolConfig: CONVERSE_TOOLS,
        messages: [
          question,
          first.output.message,
          { role: 'user', content: [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ json: { tempC: 31 } }], status: 'success' } }] },
        ],
      }));
      assert.equal(second.stopReason, 'end_turn');
      assert.ok(second.output.message.content[0].text.length > 0);
      assert.ok(second.usage.inputTokens > first.usage.inputTokens, 'the whole conversation is counted');
    });

    test('ConverseStream tool use: contentBlockStart with toolUse, then input fragments', async () => {
      const res = await client.send(new ConverseStreamCommand({
        modelId: MODEL, inferenceConfig: { maxTokens: 500 },
        messages: [{ role: 'user', content: [{ text: 'Weather in Goa? [[loadtest:tool-call]]' }] }],
        toolConfig: CONVERSE_TOOLS,
      }));
      let start;
      let input = '';
      let stopReason;
      for await (const event of res.stream) {
        if (event.contentBlockStart) start = event.contentBlockStart.start.toolUse;
        if (event.contentBlockDelta?.delta?.toolUse) input += event.contentBlockDelta.delta.toolUse.input;
        if (event.messageStop) stopReason = event.messageStop.stopReason;
      }
      assert.equal(start.name, 'get_weather');
      assert.ok(start.toolUseId.length > 0);
      assertWeatherInput(JSON.parse(input));
      assert.equal(stopReason, 'tool_use');
    });

    test('InvokeModel tool use across two turns: tool_use, then the answer to the tool_result', async () => {
      const question = { role: 'user', content: 'What is the weather in Kochi?' };
      const request = (messages, extra = {}) => new InvokeModelCommand({
        modelId: MODEL, contentType: 'application/json', accept: 'application/json',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 500, tools: ANTHROPIC_TOOLS, messages, ...extra }),
      });
      const first = JSON.parse(decoder.decode((await client.send(request([question], { tool_choice: { type: 'tool', name: 'get_weather' } }))).body));
      assert.equal(first.stop_reason, 'tool_use');
      const use = first.content.find((c) => c.type === 'tool_use');
      assertWeatherInput(use.input);
      const second = JSON.parse(decoder.decode((await client.send(request([
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '29 degrees' }] },
      ]))).body));
      assert.equal(second.stop_reason, 'end_turn');
      assert.equal(second.content[0].type, 'text');
    });

    test('InvokeModelWithResponseStream tool use streams input_json_delta fragments', async () => {
      const res = await client.send(new InvokeModelWithResponseStreamCommand({
        modelId: MODEL, contentType: 'application/json', accept: 'application/json',
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31', max_tokens: 500, tools: ANTHROPIC_TOOLS,
          anthropic_beta: ['token-efficient-tools-2025-02-19', 'fine-grained-tool-streaming-2025-05-14'],
          messages: [{ role: 'user', content: 'Weather in Agra? [[loadtest:tool-call=get_weather]]' }],
        }),
      }));
      const events = await anthropicEvents(res);
      const start = events.find((e) => e.type === 'content_block_start').content_block;
      assert.equal(start.type, 'tool_use');
      assert.equal(start.name, 'get_weather');
      const json = events.filter((e) => e.delta?.type === 'input_json_delta').map((e) => e.delta.partial_json).join('');
      assertWeatherInput(JSON.parse(json));
      assert.equal(events.find((e) => e.type === 'message_delta').delta.stop_reason, 'tool_use');
    });

    test('a thinking budget not below max_tokens is a ValidationException in Bedrock\'s words', async () => {
      const err = await expectError(client.send(new ConverseCommand({
        ...converseInput(MODEL, 5, 1024), additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      })), 'ValidationException', 400);
      assert.match(err.message, /`max_tokens` must be greater than `thinking.budget_tokens`/);
    });

    test('an unknown model is a ValidationException', async () => {
      const err = await expectError(client.send(new ConverseCommand(converseInput('anthropic.claude-no-such-model-v9:0', 3))), 'ValidationException', 400);
      assert.match(err.message, /model identifier is invalid/);
    });

    test('empty messages are a ValidationException', async () => {
      await expectError(client.send(new ConverseCommand({ modelId: MODEL, messages: [], inferenceConfig: { maxTokens: 10 } })), 'ValidationException', 400);
    });

    test('a tiny RPM quota throttles with ThrottlingException (429) the SDK classifies as throttling', async () => {
      let throttle;
      for (let i = 0; i < 20 && !throttle; i++) {
        try {
          await client.send(new ConverseCommand(converseInput(TINY_RPM_MODEL, 2)));
        } catch (err) {
          throttle = err;
        }
      }
      assert.ok(throttle, 'no request was throttled');
      assert.equal(throttle.name, 'ThrottlingException');
      assert.equal(throttle.$metadata.httpStatusCode, 429);
      assert.equal(throttle.message, 'Too many requests, please wait before trying again.');
      assert.ok(throttle.$retryable?.throttling === true || isThrottlingError(throttle), 'the SDK sees a throttle');
    });
  });
}
