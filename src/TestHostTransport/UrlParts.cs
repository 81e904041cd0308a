using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Courier.TestHost;

/// <summary>
/// What a request URL gives the app's request: the host (for a message without a <c>Host</c> header), the path base
/// and path (split at the server's base path and the transport's root path), and the query. Working them out takes
/// the URL's components apart again and allocates their strings; Courier's client hands the same <see cref="Uri"/> to
/// every call of the same URL, so the transport keeps the parts of recent URLs, by reference (a <see cref="Uri"/> and
/// these parts are immutable).
/// </summary>
internal readonly record struct UrlParts(HostString Host, PathString PathBase, PathString Path, QueryString Query)
{
    private const int Slots = 16;

    /// <summary>
    /// Recent URLs' parts for one transport (its server base path and root path are fixed). Direct-mapped and fixed in
    /// size: a transport serving many URLs only overwrites slots. A URL's parts are kept the second time it is seen in
    /// a row, so a caller that makes a new <see cref="Uri"/> for every request (a plain <see cref="HttpClient"/>) costs
    /// no entry per request.
    /// </summary>
    internal sealed class Cache(PathString serverPathBase, PathString rootPath)
    {
        private readonly Entry?[] _kept = new Entry?[Slots];
        private readonly Uri?[] _seen = new Uri?[Slots];

        public UrlParts For(Uri url)
        {
            var slot = RuntimeHelpers.GetHashCode(url) & (Slots - 1);
            if (Volatile.Read(ref _kept[slot]) is { } known && ReferenceEquals(known.Url, url))
            {
                return known.Parts;
            }

            var parts = Make(url);
            if (ReferenceEquals(Volatile.Read(ref _seen[slot]), url))
            {
                Volatile.Write(ref _kept[slot], new Entry(url, parts));
            }
            else
            {
                Volatile.Write(ref _seen[slot], url);
            }

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

            return new UrlParts(host, pathBase, path, QueryString.FromUriComponent(url));
        }

        private sealed class Entry(Uri url, UrlParts parts)
        {
            public Uri Url { get; } = url;

            public UrlParts Parts { get; } = parts;
        }
    }
}
