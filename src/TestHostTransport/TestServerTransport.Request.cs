using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.TestHost;

public sealed partial class TestServerTransport
{
    /// <summary>
    /// Presents the message to the app as TestServer's own handler would (method, URL split into path base, path and
    /// query, headers, protocol, a streamed body), plus what only Kestrel does (client address, request body limit, root
    /// path), straight on the app's <see cref="HttpContext"/>: no intermediate message, no header re-parsing. Runs on the
    /// caller's thread inside <see cref="Microsoft.AspNetCore.TestHost.TestServer.SendAsync"/>, before the app starts.
    /// </summary>
    private void Present(HttpContext context, HttpRequestMessage message, InFlightRequest flight)
    {
        var request = context.Request;
        var uri = message.RequestUri!;
        request.Protocol = HttpProtocol.GetHttpProtocol(message.Version);
        request.Method = message.Method.Method;
        request.Scheme = uri.Scheme;

        var content = message.Content;
        var headers = SizedHeaders(context, message.Headers.NonValidated.Count + (content?.Headers.NonValidated.Count ?? 0), out var fresh);
        CopyHeaders(message.Headers.NonValidated, headers, skipContentLength: false, fresh);
        RequestBodyStream? body = null;
        var canHaveBody = false;
        if (content is not null)
        {
            canHaveBody = true;
            var chunked = headers.TransferEncoding.Count > 0 && message.Headers.TransferEncodingChunked == true;
            if (!chunked)
            {
                // Reading ContentLength computes it (and adds the header) when the content knows its length.
                var length = content.Headers.ContentLength;
                if (length is null && message.Version == HttpVersion.Version11)
                {
                    // HTTP/1.1 sends a body of unknown length chunked (TestServer's handler marks it so too).
                    headers.Append(HeaderNames.TransferEncoding, "chunked");
                }
                else if (length == 0)
                {
                    canHaveBody = false;
                }
            }

            // A message with Transfer-Encoding carries no Content-Length (RFC 9112 6.2).
            CopyHeaders(content.Headers.NonValidated, headers, skipContentLength: chunked, fresh);
            if (canHaveBody)
            {
                body = new RequestBodyStream(content, context);
            }
        }

        var parts = _urlParts.For(uri);
        if (!request.Host.HasValue)
        {
            request.Host = parts.Host;
        }

        request.PathBase = parts.PathBase;
        request.Path = parts.Path;
        request.QueryString = parts.Query;

        // Kestrel's LocalPort is the port the request came in on: the URL's (its scheme's default when absent).
        RequestFeatures.Apply(context, _options, uri.Port, content is not null, canHaveBody, body);
        flight.Attach(context, body);
    }

    /// <summary>
    /// The app's request headers, made once at the size the message needs (TestServer's own table is made for one
    /// header, and grows, rehashing, past three). What TestServer put there is kept except <c>Host</c>, set from its
    /// BaseAddress: the message's own (or its URL's) wins. <paramref name="fresh"/>: the table is new and empty.
    /// </summary>
    private static IHeaderDictionary SizedHeaders(HttpContext context, int count, out bool fresh)
    {
        var feature = context.Features.Get<IHttpRequestFeature>();
        fresh = false;
        if (feature is null)
        {
            var headers = context.Request.Headers;
            headers.Remove(HeaderNames.Host);
            return headers;
        }

        // The message's headers, Host, and room for a Transfer-Encoding of a body of unknown length.
        var sized = new HeaderDictionary(count + 2);
        var existing = feature.Headers;
        fresh = existing.Count <= (existing.ContainsKey(HeaderNames.Host) ? 1 : 0);
        if (!fresh)
        {
            // More than TestServer's Host (not the case today): kept, without enumerating the common case.
            foreach (var (name, values) in existing)
            {
                if (!string.Equals(name, HeaderNames.Host, StringComparison.OrdinalIgnoreCase))
                {
                    sized[name] = values;
                }
            }
        }

        feature.Headers = sized;
        return sized;
    }

    /// <summary>
    /// Copies a message's headers as field lines. Into a <paramref name="fresh"/> table each name is set, not appended
    /// (no look-up first): a message's names are unique, and its request and content headers never share one.
    /// </summary>
    private static void CopyHeaders(HttpHeadersNonValidated from, IHeaderDictionary to, bool skipContentLength, bool fresh)
    {
        foreach (var (name, values) in from)
        {
            if (skipContentLength && string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // One field line per header, as the network presents it: several values are joined with the header's
            // separator (a Cookie's "; ", a User-Agent's products with a space, others with ", ").
            var line = values.Count == 1 ? values.ToString() : Join(name, values);
            if (fresh)
            {
                to[name] = line;
            }
            else
            {
                to.Append(name, line);
            }
        }

        static string Join(string name, HeaderStringValues values)
        {
            var separator = name.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase) ? "; "
                : name.Equals(HeaderNames.UserAgent, StringComparison.OrdinalIgnoreCase) ? " "
                : ", ";
            return string.Join(separator, values);
        }
    }

    private static class HeaderNames
    {
        public const string ContentLength = "Content-Length";
        public const string Cookie = "Cookie";
        public const string Host = "Host";
        public const string TransferEncoding = "Transfer-Encoding";
        public const string UserAgent = "User-Agent";
    }
}
