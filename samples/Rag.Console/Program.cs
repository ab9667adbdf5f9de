using LoadTest;
using Rag;

// Runs the RAG scenario against LoadTest's in-process emulator and prints what each step did.
var outDir = args.Length > 0 ? args[0] : Path.Combine("results", "rag");
var summary = await LoadTestRunner.RunAsync(
    RagScenario.Create(rpm: 300, during: TimeSpan.FromSeconds(5)).WithGates("p95(step:retrieve) < 200ms", "error_rate < 1%"),
    new RunOptions { OutputDirectory = outDir });

foreach (var (name, step) in summary.Steps ?? new Dictionary<string, LoadTest.Results.StepSummary>())
{
    var sizes = step.Sizes is { } z ? $", {z.ResponseBytesPerRun:0} bytes back per run" : "";
    Console.WriteLine($"{name}: {step.Count} runs, {step.Failed} failed, p95 {step.LatencyMs.P95:0} ms{sizes}");
}

Console.WriteLine($"{summary.Requests.Succeeded} of {summary.Requests.Sent} iterations ok; gates {(summary.Passed ? "passed" : "failed")}; results in {outDir}");
return summary.Passed ? 0 : 1;
