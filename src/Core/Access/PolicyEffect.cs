namespace LoadTest.Core.Access;

/// <summary>A policy statement's <c>Effect</c>.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
