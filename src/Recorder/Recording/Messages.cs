using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Courier.Recorder.Recording;

/// <summary>Converts between <see cref="HttpRequestMessage"/>/<see cref="HttpResponseMessage"/> and recorded interactions.</summary>
internal static class Messages
{
    public static async Task<RecordedRequest> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request.Content is not null)
        {
            // Buffering lets the inner handler send the same bytes afterwards.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        return new RecordedRequest
        {
            Method = request.Method.Method,
            Uri = WithoutUserInfo(request.RequestUri ?? throw new InvalidOperationException("The request has no RequestUri; the recorder needs an absolute URI.")),
            Headers = Headers(request.Headers, request.Content?.Headers),
            Body = body,
        };
    }

    /// <summary>The absolute URI without <c>user:password@</c>: credentials never reach a cassette (and Courier refuses to load them).</summary>
    private static string WithoutUserInfo(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri.AbsoluteUri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;

    /// <summary>Reads the whole response (streamed responses are recorded whole).</summary>
    public static async Task<RecordedResponse> CaptureAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RecordedResponse
        {
            StatusCode = (int)response.StatusCode,
            ReasonPhrase = response.ReasonPhrase,
            Headers = Headers(response.Headers, response.Content.Headers),
            Body = body,
            HttpVersion = response.Version.Major >= 2 ? $"HTTP/{response.Version.Major}" : $"HTTP/{response.Version.Major}.{response.Version.Minor}",
            RecordedAt = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Builds a response whose body is a fresh stream over <paramref name="recorded"/>'s bytes; Content-Length is recomputed.</summary>
    public static HttpResponseMessage Build(RecordedResponse recorded, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)recorded.StatusCode)
        {
            RequestMessage = request,
            Version = ParseVersion(recorded.HttpVersion) ?? request.Version,
            Content = new StreamContent(new MemoryStream(recorded.Body, writable: false)),
        };
        if (recorded.ReasonPhrase is not null)
        {
            response.ReasonPhrase = recorded.ReasonPhrase;
        }

        foreach (var header in recorded.Headers)
        {
            if (header.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || header.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!response.Headers.TryAddWithoutValidation(header.Name, header.Values))
            {
                response.Content.Headers.TryAddWithoutValidation(header.Name, header.Values);
            }
        }

        return response;
    }

    /// <summary>Decodes a gzip, deflate or br body (for <see cref="RecorderOptions.DecodeCompressedResponse"/>).</summary>
    public static RecordedResponse Decode(RecordedResponse response)
    {
        var coding = response.Headers.Get("Content-Encoding")?.Trim().ToUpperInvariant();
        Func<Stream, Stream>? open = coding switch
        {
            "GZIP" or "X-GZIP" => s => new GZipStream(s, CompressionMode.Decompress),
            "DEFLATE" => s => new ZLibStream(s, CompressionMode.Decompress),
            "BR" => s => new BrotliStream(s, CompressionMode.Decompress),
            _ => null,
        };
        if (open is null || response.Body.Length == 0)
        {
            return response;
        }

        using var decoded = new MemoryStream();
        using (var stream = open(new MemoryStream(response.Body)))
        {
            stream.CopyTo(decoded);
        }

        return response with { Body = decoded.ToArray(), Headers = response.Headers.Without("Content-Encoding", "Content-Length") };
    }

    private static Version? ParseVersion(string? version) => version?.Replace("HTTP/", "", StringComparison.OrdinalIgnoreCase) switch
    {
        "1.0" => HttpVersion.Version10,
        "1.1" => HttpVersion.Version11,
        "2" or "2.0" => HttpVersion.Version20,
        "3" or "3.0" => HttpVersion.Version30,
        _ => null,
    };

    private static RecordedHeaders Headers(HttpHeaders headers, HttpHeaders? content)
    {
        var list = new List<RecordedHeader>();
        foreach (var header in headers.NonValidated)
        {
            list.Add(new RecordedHeader(header.Key, [.. header.Value]));
        }

        if (content is not null)
        {
            foreach (var header in content.NonValidated)
            {
                list.Add(new RecordedHeader(header.Key, [.. header.Value]));
            }
        }

        return new RecordedHeaders(list);
    }
}
