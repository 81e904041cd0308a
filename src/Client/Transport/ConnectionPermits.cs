using System.Collections.Concurrent;

namespace Courier;

/// <summary>
/// httpx's pool limit and pool timeout, which <see cref="SocketsHttpHandler"/> lacks: an HTTP/1.1 request holds one
/// of <see cref="Limits.MaxConnections"/> permits of its origin from before it is sent until its response body is
/// read to the end or disposed; a request finding them all taken waits at most <see cref="Timeouts.Pool"/>.
/// HTTP/2 multiplexes streams on one connection, so once an origin has answered over HTTP/2 (or when h2c is forced)
/// its requests take no permit: they share the connection up to the server's stream limit.
/// </summary>
internal sealed class ConnectionPermits(int maxConnections)
{
    private readonly ConcurrentDictionary<string, Origin> _origins = new(StringComparer.Ordinal);

    // The origin of the last request: most clients talk to one origin, and building the key allocates a string. Hosts
    // compare ordinally: Uri gives them in canonical (lower) case, and a miss only costs the dictionary lookup below.
    private Origin? _last;

    public Origin For(Uri url)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Port == url.Port && string.Equals(last.Scheme, url.Scheme, StringComparison.Ordinal) && string.Equals(last.Host, url.Host, StringComparison.Ordinal))
        {
            return last;
        }

        var origin = _origins.GetOrAdd(url.GetLeftPart(UriPartial.Authority), static (_, state) => new Origin(state.Max, state.Url), (Max: maxConnections, Url: url));
        Volatile.Write(ref _last, origin);
        return origin;
    }

    internal sealed class Origin(int max, Uri url)
    {
        public string Scheme { get; } = url.Scheme;

        public string Host { get; } = url.Host;

        public int Port { get; } = url.Port;

        public PermitGate Slots { get; } = new(max);

        public int Max => max;

        /// <summary>The origin answered over HTTP/2: its requests multiplex and take no permit.</summary>
        public bool IsHttp2 { get; set; }
    }
}
