namespace Courier;

/// <summary>The transport half of the client options: used to build the default <see cref="HttpTransport"/>.</summary>
public sealed partial record ClientOptions
{
    /// <summary>Allow HTTP/1.1 (default true).</summary>
    public bool Http1 { get; init; } = true;

    /// <summary>Allow HTTP/2 (default false): by ALPN over TLS, or h2c with prior knowledge when <see cref="Http1"/> is false.</summary>
    public bool Http2 { get; init; }

    /// <summary>Connection pool limits.</summary>
    public Limits Limits { get; init; } = Limits.Default;

    /// <summary>Verify the server's TLS certificate (default true).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Read proxy and CA settings from the environment (<c>HTTP_PROXY</c>, <c>SSL_CERT_FILE</c>, …; default true).</summary>
    public bool TrustEnv { get; init; } = true;

    /// <summary>An explicit proxy URL (<c>http://user:pass@proxy:3128</c>).</summary>
    public Uri? Proxy { get; init; }

    /// <summary>How many times a failed connection attempt is retried (default 0).</summary>
    public int Retries { get; init; }

    partial void ValidateTransport(List<string> errors)
    {
        if (!Http1 && !Http2)
        {
            errors.Add("At least one of Http1 and Http2 must be enabled.");
        }

        if (Retries < 0)
        {
            errors.Add($"Retries must be 0 or more (was {Retries}).");
        }

        if (Limits.MaxConnections < 1)
        {
            errors.Add($"Limits.MaxConnections must be at least 1 (was {Limits.MaxConnections}).");
        }
    }
}
