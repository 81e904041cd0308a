using System.Globalization;
using System.Text;

namespace Courier.Recorder.Format;

/// <summary>
/// Converts the persisted shape (<see cref="CassetteDto"/>) into the runtime model, validating everything replay would
/// trust (method, URI, header names and values, status, body encodings), and back for writing.
/// </summary>
internal static partial class CassetteMapper
{
    public static List<Interaction> ToModel(CassetteDto dto, NodeReader r)
    {
        var list = new List<Interaction>(dto.Interactions.Count);
        foreach (var item in dto.Interactions)
        {
            var request = ToRequest(item.Request, r);
            var response = ToResponse(item.Response, r) with { RecordedAt = item.RecordedAt };
            list.Add(new Interaction(request, response));
        }

        return list;
    }

    private static RecordedRequest ToRequest(RequestDto dto, NodeReader r)
    {
        if (!HttpSyntax.IsToken(dto.Method))
        {
            throw new CassetteFormatException(r.Path, dto.Line, $"the method '{HttpSyntax.Printable(dto.Method)}' is not a valid HTTP method");
        }

        var uriProblem = HttpSyntax.UriProblem(dto.Uri);
        if (uriProblem is not null)
        {
            throw new CassetteFormatException(r.Path, dto.Line, uriProblem);
        }

        return new RecordedRequest
        {
            Method = dto.Method.ToUpperInvariant(),
            Uri = dto.Uri,
            Headers = ToHeaders(dto.Headers, r),
            Body = dto.Body.IsNone ? null : ToBytes(dto.Body, r),
        };
    }

    private static RecordedResponse ToResponse(ResponseDto dto, NodeReader r)
    {
        if (!int.TryParse(dto.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 999)
        {
            throw new CassetteFormatException(r.Path, dto.StatusLine, $"the status code '{HttpSyntax.Printable(dto.StatusCode)}' is not a number from 100 to 999");
        }

        if (dto.Message is not null && dto.Message.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new CassetteFormatException(r.Path, dto.StatusLine, "the reason phrase holds a CR, LF or NUL character (it would inject into the status line)");
        }

        var headers = ToHeaders(dto.Headers, r);
        var body = dto.Body.IsNone ? [] : ToBytes(dto.Body, r);
        headers = CheckEncoding(dto, headers, body, r);
        CheckLength(dto, headers, body, r);
        return new RecordedResponse
        {
            StatusCode = code,
            ReasonPhrase = dto.Message,
            Headers = headers,
            Body = body,
            HttpVersion = dto.HttpVersion,
            Elapsed = Elapsed(dto, r),
        };
    }

    private static TimeSpan? Elapsed(ResponseDto dto, NodeReader r)
    {
        if (dto.ElapsedMs is null)
        {
            return null;
        }

        return double.TryParse(dto.ElapsedMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms is >= 0 and < 86_400_000
            ? TimeSpan.FromMilliseconds(ms)
            : throw new CassetteFormatException(r.Path, dto.Line, $"'elapsed_ms' ({HttpSyntax.Printable(dto.ElapsedMs)}) is not a number of milliseconds below one day");
    }

    private static RecordedHeaders CheckEncoding(ResponseDto dto, RecordedHeaders headers, byte[] body, NodeReader r)
    {
        var codings = headers.GetValues("Content-Encoding");
        var coding = codings.Count == 0 ? null : codings[^1].Split(',')[^1].Trim();
        var isGzip = string.Equals(coding, "gzip", StringComparison.OrdinalIgnoreCase) || string.Equals(coding, "x-gzip", StringComparison.OrdinalIgnoreCase);
        if (!isGzip || body.Length == 0 || body is [0x1f, 0x8b, ..])
        {
            return headers;
        }

        if (dto.BodyDecoded)
        {
            // vcrpy's pre-6.0 httpx layout stored the decoded body but kept the header: replay what the body is.
            return headers.Without("Content-Encoding", "Content-Length");
        }

        throw new CassetteFormatException(r.Path, dto.Body.Line, "the response says 'Content-Encoding: gzip' but the stored body is not gzip data; remove the header if the body was stored decoded");
    }

    private static void CheckLength(ResponseDto dto, RecordedHeaders headers, byte[] body, NodeReader r)
    {
        if (!r.Options.Strict || headers.Get("Content-Length") is not { } declared)
        {
            return;
        }

        if (!long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != body.Length)
        {
            throw new CassetteFormatException(r.Path, dto.Line, $"the recorded Content-Length ({HttpSyntax.Printable(declared)}) does not match the {body.Length}-byte body (strict mode)");
        }
    }

    private static RecordedHeaders ToHeaders(IReadOnlyList<HeaderDto> headers, NodeReader r)
    {
        foreach (var header in headers)
        {
            if (!HttpSyntax.IsToken(header.Name))
            {
                throw new CassetteFormatException(r.Path, header.Line, $"the header name '{HttpSyntax.Printable(header.Name)}' is not a valid HTTP header name");
            }

            if (header.Values.Any(v => v.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0))
            {
                throw new CassetteFormatException(r.Path, header.Line, $"a value of header '{header.Name}' holds a CR, LF or NUL character (it would inject headers on replay)");
            }
        }

        return new RecordedHeaders(headers.Select(h => new RecordedHeader(h.Name, h.Values)));
    }

    private static byte[] ToBytes(BodyDto body, NodeReader r)
    {
        if (body.Base64 is not null)
        {
            try
            {
                return Convert.FromBase64String(body.Base64);
            }
            catch (FormatException e)
            {
                throw new CassetteFormatException(r.Path, body.Line, "a body declared as base64 (!!binary or base64_string) is not valid base64", e);
            }
        }

        try
        {
            return Charset(body.Charset, body.Line, r).GetBytes(body.Text!);
        }
        catch (EncoderFallbackException e)
        {
            throw new CassetteFormatException(r.Path, body.Line, "a text body holds characters its encoding cannot represent", e);
        }
    }

    private static Encoding Charset(string? name, int line, NodeReader r)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case null or "" or "UTF-8" or "UTF8" or "US-ASCII" or "ASCII":
                return HttpSyntax.StrictUtf8;
            case "ASCII-8BIT" or "BINARY" or "ISO-8859-1" or "LATIN1":
                return Encoding.Latin1;
            default:
                try
                {
                    return Encoding.GetEncoding(name!);
                }
                catch (ArgumentException e)
                {
                    throw new CassetteFormatException(r.Path, line, $"the body encoding '{HttpSyntax.Printable(name!)}' is not known", e);
                }
        }
    }
}
