namespace LoadTest.Emulator.Faults;

/// <summary>An error answer as Bedrock gives it: HTTP status, <c>x-amzn-ErrorType</c> and the message.</summary>
internal readonly record struct BedrockError(int Status, string Type, string Message)
{
    public static BedrockError Validation(string message) => new(400, BedrockErrors.Validation, message);

    /// <summary>An error a configured <c>error:</c> fault asked for, with its status and a plausible message.</summary>
    public static BedrockError Injected(string type) => new(BedrockErrors.Status(type), type, BedrockErrors.MessageFor(type));
}
