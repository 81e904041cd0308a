namespace Courier.Cli;

/// <summary>
/// Shows requests and responses the way a person likes to read them: a coloured status line and headers, JSON
/// pretty-printed and highlighted, text as is, binary bodies summarised (never dumped to the terminal).
/// </summary>
internal sealed class ResponseRenderer(Ink ink)
{
    public Ink Ink { get; } = ink;

    /// <summary>The request head (verbose mode): <c>&gt; GET /path</c>, then <c>&gt; Name: value</c> lines.</summary>
    public void RequestHead(Request request)
    {
        Ink.Line(new Part("> ", Palette.Dim), new Part($"{request.Method} {request.Url.PathAndQuery}", Palette.RequestLine));
        if (!request.Headers.Contains("Host"))
        {
            HeaderLine("> ", "Host", request.Url.IsDefaultPort ? request.Url.Host : request.Url.Authority);
        }

        foreach (var (name, value) in request.Headers)
        {
            HeaderLine("> ", name, value);
        }

        if (request.Body is { } body)
        {
            if (body.ContentType is { } type && !request.Headers.Contains("Content-Type"))
            {
                HeaderLine("> ", "Content-Type", type);
            }

            HeaderLine("> ", body.Length is { } length ? "Content-Length" : "Transfer-Encoding", body.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "chunked");
        }

        Ink.Line(">");
    }

    /// <summary>The status line and headers, then a blank line.</summary>
    public void ResponseHead(Response response)
    {
        Ink.Line(
            new Part(response.HttpVersion + " ", Palette.Version),
            new Part($"{response.StatusCode} {response.ReasonPhrase}", Palette.ForStatus(response.StatusCode)));
        foreach (var (name, value) in response.Headers)
        {
            HeaderLine(string.Empty, name, value);
        }

        Ink.Line();
    }

    /// <summary>The body of a read response (JSON pretty, text as is, binary summarised).</summary>
    public void Body(Response response)
    {
        var content = response.Content;
        var contentType = response.Headers["Content-Type"];
        switch (BodyKinds.Classify(contentType, content.Span))
        {
            case BodyKind.Empty:
                return;
            case BodyKind.Json when JsonPretty.TryFormat(content) is { } parts:
                Ink.Write(parts);
                Ink.Line();
                return;
            case BodyKind.Binary:
                Ink.Line(new Part(BinarySummary(content.Length, contentType), Palette.Dim));
                return;
            default:
                var text = response.Text;
                Ink.Write([text]);
                if (!text.EndsWith('\n'))
                {
                    Ink.Line();
                }

                return;
        }
    }

    /// <summary>What is shown instead of a binary body.</summary>
    public static string BinarySummary(long length, string? contentType) =>
        $"<binary body: {Sizes.Describe(length)}{(contentType is null ? string.Empty : ", " + contentType)}; use --download FILE to save it>";

    private void HeaderLine(string prefix, string name, string value) =>
        Ink.Line(new Part(prefix, Palette.Dim), new Part(name, Palette.HeaderName), ": " + value);
}
