namespace Courier.Recorder;

/// <summary>The format a cassette was read from.</summary>
public enum CassetteDialect
{
    /// <summary>vcrpy v1 YAML (<c>interactions</c>, <c>version: 1</c>) — what Courier writes.</summary>
    VcrPy,

    /// <summary>vcrpy v1 serialized as JSON.</summary>
    VcrPyJson,

    /// <summary>Ruby VCR 2.x or later (<c>http_interactions</c>).</summary>
    RubyVcr,

    /// <summary>Betamax JSON (<c>http_interactions</c>, Python's Betamax).</summary>
    Betamax,
}
