using System.Net.Http.Headers;
using System.Text.Json;

namespace Courier;

/// <summary>Converts between Courier's <see cref="Request"/>/<see cref="Response"/> and the BCL's messages.</summary>
internal static class MessageConversion
{
    /// <summary>The Courier request a message was built from, so Courier-aware transports can skip re-parsing it.</summary>
    public static readonly HttpRequestOptionsKey<Request> RequestKey = new("courier.request");

    private static readonly HashSet<string> ContentHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Content-Disposition", "Content-Language",
        "Content-Location", "Content-MD5", "Content-Range", "Expires", "Last-Modified", "Allow",
    };

    /// <summary>A cheap first-letter test before the set lookup (most request headers are not content headers).</summary>
    private static bool IsContentHeader(string name) =>
        name.Length > 4 && (name[0] | 0x20) is 'c' or 'e' or 'l' or 'a' && ContentHeaderNames.Contains(name);

    public static HttpRequestMessage ToHttpRequest(Request request, RequestTimer? timer, JsonSerializerOptions jsonOptions)
    {
        try
        {
            return Build(request, timer, jsonOptions);
        }
        catch (RequestException ex)
        {
            ex.Request ??= request;
            throw;
        }
        catch (FormatException ex)
        {
            throw new LocalProtocolException($"The request {request.Method} {UrlBuilder.Redact(request.Url)} has an invalid header: {ex.Message} Nothing was sent.", request, ex);
        }
    }

    private static HttpRequestMessage Build(Request request, RequestTimer? timer, JsonSerializerOptions jsonOptions)
    {
        var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), UrlBuilder.WithoutUserInfo(request.Url));
        HttpContent? content = request.Body?.CreateContent(jsonOptions);
        List<string>? replaced = null;
        foreach (var (name, value) in request.Headers)
        {
            HeaderValidation.ValidateName(name);
            HeaderValidation.ValidateValue(name, value);
            bool added;
            if (IsContentHeader(name))
            {
                if (content is null)
                {
                    content = new ByteArrayContent([]);
                }
                else if (request.Body is not null && (replaced ??= []).FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) < 0)
                {
                    // A header the caller set replaces the one the body brought (its Content-Type, say).
                    replaced.Add(name);
                    content.Headers.Remove(name);
                }

                added = content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                added = message.Headers.TryAddWithoutValidation(name, value);
            }

            if (!added)
            {
                message.Dispose();
                content?.Dispose();
                throw new LocalProtocolException($"The header '{name}: {HeaderValidation.Escape(value)}' was refused by the HTTP stack; nothing was sent.", request);
            }
        }

        if (content is not null)
        {
            message.Content = timer is null ? content : new TimedContent(content, timer);
        }

        message.Options.Set(RequestKey, request);
        if (timer is not null)
        {
            message.Options.Set(RequestTimer.Key, timer);
        }

        return message;
    }

    public static async ValueTask<Response> ToResponseAsync(
        HttpResponseMessage message, Request request, RequestTimer timer, long started, ClientOptions options, CancellationToken cancellationToken)
    {
        var headers = new Headers(message.Headers.NonValidated.Count + message.Content.Headers.NonValidated.Count);
        CopyHeaders(message.Headers.NonValidated, headers);
        CopyHeaders(message.Content.Headers.NonValidated, headers);
        Stream raw;
        try
        {
            // In-memory contents (what mocks return) open synchronously; any other content is opened asynchronously.
            raw = message.Content is ByteArrayContent or ReadOnlyMemoryContent
                ? message.Content.ReadAsStream(cancellationToken)
                : await message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            message.Dispose();
            timer.Dispose();
            throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
        }

        // The body's size, so the whole-body read can size its array exactly: an in-memory body's stream knows it
        // (asking the content would compute and store a header), a network body has its Content-Length.
        var declaredLength = raw.CanSeek ? raw.Length - raw.Position : message.Content.Headers.ContentLength ?? -1;
        var response = new Response((int)message.StatusCode, headers, new ReadTimedStream(raw, timer, request), message, options.TimeProvider, started)
        {
            Request = request,
            ReasonPhrase = message.ReasonPhrase ?? Response.DefaultReason((int)message.StatusCode),
            HttpVersion = Response.VersionText(message.Version),
            ClientOptions = options,
            DeclaredLength = declaredLength,
        };
        if (request.Method == "HEAD")
        {
            response.MarkBodyless();
        }

        return response;
    }

    private static void CopyHeaders(HttpHeadersNonValidated source, Headers target)
    {
        foreach (var (name, values) in source)
        {
            foreach (var value in values)
            {
                target.AddUnchecked(name, value);
            }
        }
    }
}
