using System.Text;
using LoadTest.Bedrock.Client.Internal;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>One reader of Bedrock's error body, for HTTP error responses and exception events alike.</summary>
public class ErrorMessageTests
{
    [Theory]
    [InlineData("""{"message":"Too many tokens"}""", "Too many tokens")]
    [InlineData("""{"Message":"proxy says no"}""", "proxy says no")]
    [InlineData("""{"__type":"x","message":"after another field"}""", "after another field")]
    [InlineData("""{"message":{"detail":1}}""", """{"detail":1}""")]
    [InlineData("""{"message":42}""", "42")]
    [InlineData("""{"other":"x"}""", null)]
    [InlineData("""["message"]""", null)]
    [InlineData("<html>bad gateway</html>", null)]
    [InlineData("""{"message":"trunc""", null)]
    [InlineData("", null)]
    public void Reads_the_message_or_nothing(string body, string? expected)
        => Assert.Equal(expected, JsonScan.ErrorMessage(Encoding.UTF8.GetBytes(body)));
}
