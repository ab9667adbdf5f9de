// The multi-tenant pattern from AWS's application-inference-profile examples, run unchanged against
// the LoadTest emulator with the official AWS SDK for JavaScript v3: one application inference
// profile per tenant (copied from the global Haiku 4.5 profile, tagged tenant=...), list, get,
// Converse with each profile ARN, delete. The clients are made with a Region only: the endpoints
// come from AWS_ENDPOINT_URL_BEDROCK (control plane) and AWS_ENDPOINT_URL_BEDROCK_RUNTIME (runtime),
// the credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as they would on the day.
// Run: AWS_ENDPOINT_URL_BEDROCK=http://127.0.0.1:4010 AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:4011 \
//      AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... node --test multi-tenant-profiles.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BedrockClient,
  CreateInferenceProfileCommand,
  DeleteInferenceProfileCommand,
  GetInferenceProfileCommand,
  ListInferenceProfilesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

for (const name of ['AWS_ENDPOINT_URL_BEDROCK', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_REGION']) {
  if (!process.env[name]) {
    throw new Error(`Set ${name} (see docs/emulator.md, "Application inference profiles").`);
  }
}

const region = process.env.AWS_REGION;
const bedrock = new BedrockClient({ region });
const runtime = new BedrockRuntimeClient({ region });
const SOURCE_PROFILE_ID = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const TENANTS = ['acme', 'globex', 'initech'];

test('one application inference profile per tenant: create, list, get, converse, delete', async () => {
  const source = await bedrock.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: SOURCE_PROFILE_ID }));
  assert.equal(source.type, 'SYSTEM_DEFINED');
  assert.ok(source.inferenceProfileArn.endsWith(`:inference-profile/${SOURCE_PROFILE_ID}`));

  const arns = {};
  for (const tenant of TENANTS) {
    const created = await bedrock.send(new CreateInferenceProfileCommand({
      inferenceProfileName: `${tenant}-claude-haiku`,
      description: `Claude Haiku 4.5 for tenant ${tenant}`,
      modelSource: { copyFrom: source.inferenceProfileArn },
      tags: [{ key: 'tenant', value: tenant }],
    }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.status, 'ACTIVE');
    assert.match(created.inferenceProfileArn, /^arn:aws:bedrock:[a-z0-9-]+:\d{12}:application-inference-profile\/[a-z0-9]{12}$/);
    arns[tenant] = created.inferenceProfileArn;
  }

  const listed = await bedrock.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
  const ours = listed.inferenceProfileSummaries.filter((p) => Object.values(arns).includes(p.inferenceProfileArn));
  assert.deepEqual(ours.map((p) => p.inferenceProfileName), TENANTS.map((t) => `${t}-claude-haiku`));
  assert.ok(listed.inferenceProfileSummaries.every((p) => p.type === 'APPLICATION' && p.createdAt instanceof Date));

  for (const tenant of TENANTS) {
    const profile = await bedrock.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arns[tenant] }));
    assert.equal(profile.inferenceProfileName, `${tenant}-claude-haiku`);
    assert.deepEqual(profile.models, source.models);
    const { tags } = await bedrock.send(new ListTagsForResourceCommand({ resourceARN: arns[tenant] }));
    assert.deepEqual(tags, [{ key: 'tenant', value: tenant }]);

    const reply = await runtime.send(new ConverseCommand({
      modelId: arns[tenant],
      messages: [{ role: 'user', content: [{ text: `Summarise ${tenant}'s open tickets.` }] }],
      inferenceConfig: { maxTokens: 512 },
    }));
    assert.equal(reply.output.message.role, 'assistant');
    assert.ok(['end_turn', 'max_tokens'].includes(reply.stopReason));
    assert.ok(reply.usage.outputTokens > 0);
  }

  await assert.rejects(
    bedrock.send(new CreateInferenceProfileCommand({
      inferenceProfileName: `${TENANTS[0]}-claude-haiku`,
      modelSource: { copyFrom: source.inferenceProfileArn },
    })),
    (e) => e.name === 'ConflictException' && e.$metadata.httpStatusCode === 400,
  );

  for (const tenant of TENANTS) {
    const deleted = await bedrock.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: arns[tenant] }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
  }

  await assert.rejects(
    bedrock.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arns.acme })),
    (e) => e.name === 'ResourceNotFoundException' && e.$metadata.httpStatusCode === 404,
  );
  await assert.rejects(
    runtime.send(new ConverseCommand({ modelId: arns.acme, messages: [{ role: 'user', content: [{ text: 'hello' }] }] })),
    (e) => e.name === 'ValidationException',
  );
  const after = await bedrock.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
  assert.ok(after.inferenceProfileSummaries.every((p) => !Object.values(arns).includes(p.inferenceProfileArn)));
});
