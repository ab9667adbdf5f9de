namespace LoadTest.Core.Models;

/// <summary>Where an inference profile may send a request.</summary>
public enum ProfileScope
{
    /// <summary>A bare model ID: the source Region only.</summary>
    SourceRegion,
    /// <summary>us., eu., apac., jp., au.: the Regions of one geography.</summary>
    Geographic,
    /// <summary>global.: every commercial Region of the pool.</summary>
    Global,
    /// <summary>An application inference profile ARN: whatever profile it was made from.</summary>
    Application,
}
