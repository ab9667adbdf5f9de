-- wrk script: POST one non-streaming Converse request (1 user message, 100 output tokens steered).
wrk.method = "POST"
wrk.path = "/model/global.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"messages":[{"role":"user","content":[{"text":"Suggest three gifts for Diwali under 2000 rupees, with one line each."}]}],'
  .. '"inferenceConfig":{"maxTokens":512,"temperature":0.5},'
  .. '"requestMetadata":{"loadtest-output-tokens":"100"}}'
