using System.Security.Cryptography.X509Certificates;
using Courier.Mocking.Server;

namespace Courier.Mocking;

/// <summary>Settings of a <see cref="MockServer"/>.</summary>
public sealed record MockServerOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) lets the system pick a free one (read it back from <see cref="MockServer.Url"/>).</summary>
    public int Port { get; init; }

    /// <summary>Serve HTTPS (ALPN offers HTTP/2 and HTTP/1.1). Without <see cref="Certificate"/>, a CA and a server certificate are generated at start (<see cref="MockServer.CaCertificate"/>).</summary>
    public bool Https { get; init; }

    /// <summary>Without <see cref="Https"/>: serve HTTP/2 over cleartext (h2c with prior knowledge) instead of HTTP/1.1 (Kestrel offers h2c only on an HTTP/2-only endpoint).</summary>
    public bool Http2 { get; init; }

    /// <summary>The server certificate (with its private key) for <see cref="Https"/>; null generates one.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>A WireMock root folder (holding <c>mappings/</c> and <c>__files/</c>) loaded at start; null loads nothing.</summary>
    public string? MappingsDirectory { get; init; }

    /// <summary>The match timeout of every regex (one second by default).</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for delays, chunk pauses and the journal's times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many requests the journal keeps (the oldest dropped first); 1,000 by default.</summary>
    public int MaxJournalEntries { get; init; } = 1_000;

    /// <summary>
    /// The most request-body bytes the journal stores in all (32 MiB by default): past it, the oldest entries lose their
    /// bodies first (<see cref="ServedRequest.BodyTruncated"/>, with the real <see cref="ServedRequest.BodyLength"/>).
    /// </summary>
    public long MaxJournalBodyBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>
    /// The most body bytes one journal entry (and one <see cref="MockRoute.Calls"/> entry) stores (4 MiB by default, at most
    /// <see cref="MaxJournalBodyBytes"/>): a longer body is kept cut there and marked <see cref="ServedRequest.BodyTruncated"/>.
    /// Matching always sees the whole body.
    /// </summary>
    public long MaxJournalEntryBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many calls each stub keeps in <see cref="MockRoute.Calls"/> (1,000 by default).</summary>
    public int MaxRecordedCalls { get; init; } = 1_000;

    /// <summary>How many closest stubs the "Request was not matched" report shows (3 by default).</summary>
    public int NearMissCount { get; init; } = 3;

    /// <summary>The largest request body read (bytes, 16 MiB by default); a larger one gets 413.</summary>
    public long MaxRequestBodySize { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Whether <c>proxyBaseUrl</c> may reach any host and address at all (false by default): it turns off
    /// <see cref="ProxyAllowList"/>.
    /// </summary>
    public bool AllowProxyToAnyHost { get; init; }

    /// <summary>The default <see cref="ProxyAllowList"/>: loopback only (<c>127.0.0.0/8</c>, <c>::1</c>).</summary>
    public static IReadOnlyList<string> LoopbackProxyTargets { get; } = AddressAllowList.Loopback;

    /// <summary>
    /// Where <c>proxyBaseUrl</c> may connect, checked on every resolved address of every connection (a host that resolves,
    /// or re-resolves, elsewhere is refused; redirects from the target are passed back, never followed). Entries are IP
    /// addresses, CIDR ranges (<c>10.0.0.0/8</c>) or host names (<c>api.example.com</c>, <c>*.example.com</c>); a named
    /// host may reach public addresses, while loopback, private, link-local and other internal addresses need an address
    /// entry. IPv4-mapped IPv6 addresses are checked as IPv4. Replacing the list drops the default
    /// (<see cref="LoopbackProxyTargets"/>); include it to keep loopback: <c>[.. MockServerOptions.LoopbackProxyTargets, "api.example.com"]</c>.
    /// </summary>
    public IReadOnlyList<string> ProxyAllowList { get; init; } = AddressAllowList.Loopback;

    /// <summary>Test hook: resolves proxy host names instead of DNS.</summary>
    internal Func<string, CancellationToken, ValueTask<System.Net.IPAddress[]>>? ProxyResolver { get; init; }

    /// <summary>The allow-list <c>proxyBaseUrl</c> connects through.</summary>
    internal AddressAllowList ProxyTargets() => new(
        ProxyAllowList,
        AllowProxyToAnyHost,
        target => $"add \"{target}\" (or its range) to MockServerOptions.ProxyAllowList, or set MockServerOptions.AllowProxyToAnyHost",
        ProxyResolver);

    /// <summary>When set, the admin API under <c>/__admin</c> answers only requests with <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? AdminToken { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RegexTimeout, TimeSpan.Zero, nameof(RegexTimeout));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxJournalEntries, 1, nameof(MaxJournalEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordedCalls, 1, nameof(MaxRecordedCalls));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxJournalBodyBytes, nameof(MaxJournalBodyBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxJournalEntryBodyBytes, nameof(MaxJournalEntryBodyBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxJournalEntryBodyBytes, int.MaxValue, nameof(MaxJournalEntryBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodySize, 0, nameof(MaxRequestBodySize));
        ArgumentNullException.ThrowIfNull(ProxyAllowList, nameof(ProxyAllowList));
        try
        {
            _ = ProxyTargets();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"MockServerOptions.ProxyAllowList: {ex.Message}", nameof(ProxyAllowList), ex);
        }

        if (Certificate is not null && !Certificate.HasPrivateKey)
        {
            throw new ArgumentException("MockServerOptions.Certificate must include its private key.", nameof(Certificate));
        }
    }
}
