using System.Net.Http.Headers;
using System.Text.Json;

namespace Courier;

/// <summary>Converts between Courier's <see cref="Request"/>/<see cref="Response"/> and the BCL's messages.</summary>
internal static class MessageConversion
{
    /// <summary>The Courier request a message was built from, so Courier-aware transports can skip re-parsing it.</summary>
    public static readonly HttpRequestOptionsKey<Request> RequestKey = new("courier.request");

    /// <summary>
    /// Whether a header belongs on the content (the BCL keeps those apart): Content-Type, Content-Length,
    /// Content-Encoding, Content-Disposition, Content-Language, Content-Location, Content-MD5, Content-Range, Expires,
    /// Last-Modified, Allow. Decided by length and first letter before any comparison (this runs for every header sent).
    /// </summary>
    private static bool IsContentHeader(string name) => name.Length switch
    {
        5 => Is(name, "Allow"),
        7 => Is(name, "Expires"),
        13 => (name[0] | 0x20) == 'l' ? Is(name, "Last-Modified") : Is(name, "Content-Range"),
        _ => name.Length is >= 11 and <= 19 && (name[0] | 0x20) == 'c' && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && name.Length switch
        {
            11 => Is(name, "Content-MD5"),
            12 => Is(name, "Content-Type"),
            14 => Is(name, "Content-Length"),
            16 => Is(name, "Content-Encoding") || Is(name, "Content-Language") || Is(name, "Content-Location"),
            19 => Is(name, "Content-Disposition"),
            _ => false,
        },
    };

    /// <summary>The BCL method object: the common ones without a lookup.</summary>
    private static HttpMethod MethodOf(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        _ => HttpMethod.Parse(method),
    };

    /// <summary>Whether <paramref name="names"/> holds <paramref name="name"/> (a loop: a lambda here would allocate its closure for every header).</summary>
    private static bool Contains(List<string> names, string name)
    {
        foreach (var known in names)
        {
            if (Is(known, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    public static CourierRequestMessage ToHttpRequest(Request request, RequestTimer? timer, JsonSerializerOptions jsonOptions)
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

    private static CourierRequestMessage Build(Request request, RequestTimer? timer, JsonSerializerOptions jsonOptions)
    {
        var message = new CourierRequestMessage(MethodOf(request.Method), UrlBuilder.WithoutUserInfo(request.Url), request, timer);
        HttpContent? content = request.Body?.CreateContent(jsonOptions);
        List<string>? replaced = null;

        // Headers added through Headers.Add were validated then; only pairs that skipped it are checked here.
        var headers = request.HeadersToSend;
        var validate = !headers.AllValidated;
        foreach (var (name, value) in headers)
        {
            if (validate)
            {
                HeaderValidation.ValidateName(name);
                HeaderValidation.ValidateValue(name, value);
            }

            bool added;
            if (IsContentHeader(name))
            {
                if (content is null)
                {
                    content = new ByteArrayContent([]);
                }
                else if (request.Body is not null && !Contains(replaced ??= [], name))
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

        return message;
    }

    /// <summary>Whether a response body is already in memory (bytes or a string: what mocks and canned handlers return).</summary>
    public static bool IsInMemory(HttpContent content) => content is ByteArrayContent or ReadOnlyMemoryContent;

    /// <summary>SocketsHttpHandler's response content (internal to System.Net.Http), or null if it is not found by that name.</summary>
    private static readonly Type? SocketsResponseContent = typeof(SocketsHttpHandler).Assembly.GetType("System.Net.Http.HttpConnectionResponseContent");

    /// <summary>
    /// Whether a response content hands out its stream at once, so opening it synchronously never blocks: the network
    /// transport's (SocketsHttpHandler's content returns its connection stream), a <see cref="StreamContent"/>, and Courier's
    /// own transports' (<see cref="IStreamOpensAtOnce"/>). Any other content is opened asynchronously, as a content may
    /// produce its stream by buffering.
    /// </summary>
    public static bool OpensAtOnce(HttpContent content) =>
        IsSocketsContent(content) || content is StreamContent or IStreamOpensAtOnce;

    /// <summary>Whether <paramref name="content"/> is SocketsHttpHandler's response content (an exact type check: cheaper than the casts).</summary>
    private static bool IsSocketsContent(HttpContent content) => SocketsResponseContent is not null && content.GetType() == SocketsResponseContent;

    /// <summary>
    /// The Courier response for a transport's message whose body stream <paramref name="body"/> is open: the timed
    /// network stream, or the memory stream of a body already in memory.
    /// </summary>
    public static Response ToResponse(HttpResponseMessage message, Stream body, Request request, long started, ClientOptions options)
    {
        // The body's size, so the whole-body read can size its array exactly: an in-memory body's stream knows it
        // (asking the content would compute and store a header), a network body has its Content-Length.
        var seekable = body.CanSeek;
        var declaredLength = seekable ? body.Length - body.Position : message.Content.Headers.ContentLength ?? -1;

        // No byte can follow that length when it was measured, or when SocketsHttpHandler reads an HTTP/1.x body by its
        // Content-Length (it never reads past it, and fails a shorter one): the whole-body read then needs no read past the end.
        var exact = seekable || (declaredLength >= 0 && message.Version.Major == 1 && IsSocketsContent(message.Content));
        var status = (int)message.StatusCode;
        var response = new Response(status, body, message, options.TimeProvider, started)
        {
            Request = request,
            ClientOptions = options,
            DeclaredLength = declaredLength,
            ExactLength = exact,
        };
        if (request.Method == "HEAD")
        {
            response.MarkBodyless();
        }

        if (body is ReadTimedStream timed)
        {
            timed.Owner = response;
        }

        return response;
    }
}
