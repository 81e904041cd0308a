using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Courier.TestHost;

/// <summary>
/// What a request URL gives the app's request: the host (for a message without a <c>Host</c> header), the path base
/// and path (split at the server's base path and the transport's root path), and the query. Working them out takes
/// the URL's components apart again and allocates their strings; Courier's client hands the same <see cref="Uri"/> to
/// every call of the same URL, so the transport keeps the parts of recent URLs, by reference (a <see cref="Uri"/> and
/// these parts are immutable). Direct-mapped and fixed in size: a transport serving many URLs only overwrites slots.
/// </summary>
internal sealed class UrlParts
{
    private const int Slots = 16;

    private UrlParts(Uri url, HostString host, PathString pathBase, PathString path, QueryString query)
    {
        Url = url;
        Host = host;
        PathBase = pathBase;
        Path = path;
        Query = query;
    }

    public Uri Url { get; }

    public HostString Host { get; }

    public PathString PathBase { get; }

    public PathString Path { get; }

    public QueryString Query { get; }

    /// <summary>Recent URLs' parts for one transport (its server base path and root path are fixed).</summary>
    internal sealed class Cache(PathString serverPathBase, PathString rootPath)
    {
        private readonly UrlParts?[] _slots = new UrlParts?[Slots];

        public UrlParts For(Uri url)
        {
            var slot = RuntimeHelpers.GetHashCode(url) & (Slots - 1);
            if (Volatile.Read(ref _slots[slot]) is { } known && ReferenceEquals(known.Url, url))
            {
                return known;
            }

            var parts = Make(url);
            Volatile.Write(ref _slots[slot], parts);
            return parts;
        }

        private UrlParts Make(Uri url)
        {
            // As TestServer's handler: the host from the URL, without a default port.
            var host = HostString.FromUriComponent(url);
            if (url.IsDefaultPort)
            {
                host = new HostString(host.Host);
            }

            var path = PathString.FromUriComponent(url);
            var pathBase = PathString.Empty;
            if (serverPathBase.HasValue && path.StartsWithSegments(serverPathBase, out var afterServerBase))
            {
                pathBase = serverPathBase;
                path = afterServerBase;
            }

            if (rootPath.HasValue && path.StartsWithSegments(rootPath, out var afterRoot))
            {
                pathBase = pathBase.Add(rootPath);
                path = afterRoot;
            }

            return new UrlParts(url, host, pathBase, path, QueryString.FromUriComponent(url));
        }
    }
}
