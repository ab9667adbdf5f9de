using LoadTest;
using LoadTest.Bedrock.Wire;

namespace Rag;

/// <summary>Retrieval, then generation: the request path a RAG service runs, as a LoadTest scenario.</summary>
public static class RagScenario
{
    private const string Question = "How are Bedrock quotas counted?";

    private static readonly string[] Documents =
    [
        "Bedrock quotas are counted in tokens per minute and requests per minute.",
        "A throttled request gets ThrottlingException; the SDK retries it with backoff.",
        "Output tokens count five times against the quota for Claude models.",
    ];

    /// <summary>The scenario: a timed retrieval step and a timed Bedrock step, at <paramref name="rpm"/> for <paramref name="during"/>.</summary>
    public static LoadScenario Create(double rpm, TimeSpan during) => LoadScenario.Create("rag", async ctx =>
        {
            string context = "";
            await ctx.Step("retrieve", async () =>
            {
                context = await RetrieveAsync(ctx);

                // The step's own result: its status and the sizes it moved (summed per step in the summary).
                return StepResult.Ok(statusCode: 200, requestBytes: Question.Length, responseBytes: context.Length);
            });
            await ctx.Step("generate", () => ctx.Bedrock.ConverseAsync(ctx.ModelId, Prompt(context), ctx.CancellationToken));
            return StepResult.Ok();
        })
        .WithLoad(Load.Inject(rpm, during))
        .WithSeed(42);

    // Stands in for a vector search: 5 to 25 ms, drawn from the iteration's seeded random source.
    private static async Task<string> RetrieveAsync(StepContext ctx)
    {
        await Task.Delay(ctx.Random.Next(5, 25), ctx.CancellationToken);
        return Documents[ctx.Random.Next(Documents.Length)];
    }

    private static ConverseRequest Prompt(string context) => new()
    {
        Messages = [new Message { Content = [new ContentBlock { Text = $"Context: {context}\nQuestion: {Question}" }] }],
        InferenceConfig = new InferenceConfiguration { MaxTokens = 64 },
    };
}
