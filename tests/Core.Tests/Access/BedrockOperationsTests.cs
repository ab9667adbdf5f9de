using LoadTest.Core.Access;

namespace LoadTest.Core.Tests.Access;

public sealed class BedrockOperationsTests
{
    [Theory]
    // The botocore service model's requestUri for each bedrock-runtime operation.
    [InlineData(BedrockOperation.Converse, "Converse", "converse")]
    [InlineData(BedrockOperation.ConverseStream, "ConverseStream", "converse-stream")]
    [InlineData(BedrockOperation.InvokeModel, "InvokeModel", "invoke")]
    [InlineData(BedrockOperation.InvokeModelWithResponseStream, "InvokeModelWithResponseStream", "invoke-with-response-stream")]
    [InlineData(BedrockOperation.CountTokens, "CountTokens", "count-tokens")]
    public void Each_operation_has_its_name_and_path_and_both_parse_back(BedrockOperation operation, string name, string path)
    {
        Assert.Equal((name, path), (operation.Name(), operation.PathSuffix()));
        Assert.True(BedrockOperations.TryParseName(name, out var byName));
        Assert.True(BedrockOperations.TryParsePathSuffix(path, out var byPath));
        Assert.Equal((operation, operation), (byName, byPath));
    }

    [Theory]
    [InlineData("Invoke")]
    [InlineData("converse")]
    [InlineData("ApplyGuardrail")]
    [InlineData("")]
    public void Other_names_are_not_operations(string name)
    {
        Assert.False(BedrockOperations.TryParseName(name, out _));
        Assert.False(BedrockOperations.TryParsePathSuffix(name.ToUpperInvariant(), out _));
    }

    [Fact]
    public void Every_operation_is_listed_once()
        => Assert.Equal(Enum.GetValues<BedrockOperation>(), BedrockOperations.All);
}
