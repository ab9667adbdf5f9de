using LoadTest.Core.Errors;
using LoadTest.Bedrock.Client;
using LoadTest.Scenarios.Engine;
using LoadTest.Results;

namespace LoadTest.Scenarios.Tests;

public sealed class OutcomeClassifierTests
{
    [Theory]
    [InlineData("ThrottlingException", 429, Outcomes.Throttled)]
    [InlineData(BedrockClientErrorCodes.ClientRateLimited, null, Outcomes.Throttled)]
    [InlineData("ServiceUnavailableException", 503, Outcomes.Unavailable)]
    [InlineData("ValidationException", 400, Outcomes.Validation)]
    [InlineData("ModelTimeoutException", 408, Outcomes.Timeout)]
    [InlineData("Timeout", null, Outcomes.Timeout)]
    [InlineData("ModelStreamErrorException", null, Outcomes.ModelError)]
    [InlineData("InternalServerException", 500, Outcomes.ModelError)]
    [InlineData("AccessDeniedException", 403, Outcomes.ClientError)]
    [InlineData(BedrockClientErrorCodes.CredentialsUnavailable, null, Outcomes.ClientError)]
    [InlineData(null, 200, Outcomes.Ok)]
    public void Error_codes_map_to_one_outcome(string? code, int? status, string expected)
        => Assert.Equal(expected, OutcomeClassifier.FromErrorCode(code, status));
}
