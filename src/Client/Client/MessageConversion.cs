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

    public static HttpRequestMessage ToHttpRequest(Request request, RequestTimer? timer, JsonSerializerOptions jsonOptions)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), UrlBuilder.WithoutUserInfo(request.Url));
        HttpContent? content = request.Body?.CreateContent(jsonOptions);
        if (content is null && request.Headers.Names.Any(ContentHeaderNames.Contains))
        {
            content = new ByteArrayContent([]);
        }

        if (content is not null)
        {
            foreach (var name in request.Headers.Names.Where(ContentHeaderNames.Contains))
            {
                content.Headers.Remove(name);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            HeaderValidation.ValidateName(name);
            HeaderValidation.ValidateValue(name, value);
            var added = ContentHeaderNames.Contains(name)
                ? content!.Headers.TryAddWithoutValidation(name, value)
                : message.Headers.TryAddWithoutValidation(name, value);
            if (!added)
            {
                message.Dispose();
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
        var headers = new Headers();
        CopyHeaders(message.Headers.NonValidated, headers);
        CopyHeaders(message.Content.Headers.NonValidated, headers);
        Stream raw;
        try
        {
            raw = await message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            message.Dispose();
            timer.Dispose();
            throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
        }

        var response = new Response((int)message.StatusCode, headers, new ReadTimedStream(raw, timer, request), message, options.TimeProvider, started)
        {
            Request = request,
            ReasonPhrase = message.ReasonPhrase ?? Response.DefaultReason((int)message.StatusCode),
            HttpVersion = Response.VersionText(message.Version),
            JsonOptions = options.JsonOptions,
            MaxDecodedSize = options.MaxDecodedBodySize,
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
