using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

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

    /// <summary>
    /// How many times a failed connection attempt (TCP connect) is retried, with httpx's backoff (0 s, 0.5 s, 1 s, 2 s, …;
    /// default 0). A request whose bytes may have reached the server is never re-sent.
    /// </summary>
    public int Retries { get; init; }

    /// <summary>
    /// A PEM file of CA certificates to trust instead of the system's (httpx's <c>verify="ca.pem"</c>).
    /// When null and <see cref="TrustEnv"/> is on, <c>SSL_CERT_FILE</c> / <c>SSL_CERT_DIR</c> are used if set.
    /// </summary>
    public string? CaFile { get; init; }

    /// <summary>CA certificates to trust instead of the system's (added to those of <see cref="CaFile"/>).</summary>
    public IReadOnlyList<X509Certificate2>? CaCertificates { get; init; }

    /// <summary>A client certificate, with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The lowest TLS version accepted: <see cref="SslProtocols.Tls12"/> or <see cref="SslProtocols.Tls13"/> (null: the system's default).</summary>
    public SslProtocols? MinTlsVersion { get; init; }

    /// <summary>Connect through this Unix domain socket instead of TCP (the URL still gives the <c>Host</c> header).</summary>
    public string? Uds { get; init; }

    /// <summary>The local address outgoing connections bind to (httpx's <c>local_address</c>).</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>
    /// Transports by URL pattern, as httpx's <c>mounts</c>: <c>all://</c>, <c>https://</c>, <c>https://example.com</c>,
    /// <c>all://*.example.com</c> (subdomains), <c>all://*example.com</c> (the domain and its subdomains),
    /// <c>http://example.com:8080</c>. The most specific match wins (a port first, then the longest host, then the
    /// longest scheme); a URL no pattern matches goes to <see cref="Transport"/> (or the default <see cref="HttpTransport"/>).
    /// The client never disposes a mounted transport.
    /// </summary>
    public IReadOnlyDictionary<string, HttpMessageHandler>? Mounts { get; init; }

    partial void ValidateTransport(List<string> errors)
    {
        foreach (var key in Mounts?.Keys ?? [])
        {
            try
            {
                _ = new MountPattern(key);
            }
            catch (ArgumentException ex)
            {
                errors.Add(ex.Message.Split(" (Parameter")[0]);
            }
        }

        if (!Http1 && !Http2)
        {
            errors.Add("At least one of Http1 and Http2 must be enabled.");
        }

        if (Retries < 0)
        {
            errors.Add($"Retries must be 0 or more (was {Retries}).");
        }

        if (MinTlsVersion is { } tls && tls is not (SslProtocols.Tls12 or SslProtocols.Tls13))
        {
            errors.Add($"MinTlsVersion must be SslProtocols.Tls12 or SslProtocols.Tls13 (was {tls}).");
        }

        if (CaFile is not null && !File.Exists(CaFile))
        {
            errors.Add($"CaFile '{CaFile}' does not exist.");
        }

        if (ClientCertificate is { HasPrivateKey: false })
        {
            errors.Add("ClientCertificate must include its private key (load it with X509Certificate2.CreateFromPemFile(cert, key) or from a PFX).");
        }

        if (Limits.MaxConnections < 1)
        {
            errors.Add($"Limits.MaxConnections must be at least 1 (was {Limits.MaxConnections}).");
        }
    }
}
