using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Courier;

/// <summary>
/// A request (or mocked response) body: bytes, text, JSON, a URL-encoded form, multipart, or a stream.
/// Create one with the static factories: <c>Body.Json(new { id = 1 })</c>, <c>Body.Form(...)</c>, <c>Body.Stream(s)</c>.
/// </summary>
public abstract class Body
{
    private protected Body()
    {
    }

    /// <summary>The <c>Content-Type</c> this body is sent with, or null.</summary>
    public abstract string? ContentType { get; }

    /// <summary>The length in bytes when known before sending (then <c>Content-Length</c> is set); null means chunked.</summary>
    public abstract long? Length { get; }

    /// <summary>Whether the body can be sent more than once (false for a one-shot stream).</summary>
    public virtual bool IsReplayable => true;

    /// <summary>Raw bytes.</summary>
    public static Body Bytes(ReadOnlyMemory<byte> bytes, string? contentType = null) => new BytesBody(bytes, contentType);

    /// <summary>Text, UTF-8 encoded, <c>text/plain; charset=utf-8</c> unless another content type is given.</summary>
    public static Body Text(string text, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new BytesBody(Encoding.UTF8.GetBytes(text), contentType);
    }

    /// <summary>A value serialized with System.Text.Json as <c>application/json</c>.</summary>
    /// <param name="value">The value to serialize.</param>
    /// <param name="options">Serializer options; when null the client's <see cref="ClientOptions.JsonOptions"/> apply.</param>
    public static Body Json<T>(T value, JsonSerializerOptions? options = null) => new JsonBody(value, typeof(T), options);

    /// <summary>A URL-encoded form (<c>application/x-www-form-urlencoded</c>); names may repeat.</summary>
    public static Body Form(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var text = string.Join('&', fields.Select(f => FormEncode(f.Key) + "=" + FormEncode(f.Value)));
        return new BytesBody(Encoding.ASCII.GetBytes(text), "application/x-www-form-urlencoded");
    }

    /// <summary>A <c>multipart/form-data</c> body of fields and files; files are streamed, never buffered.</summary>
    public static Body Multipart(MultipartForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new MultipartBody(form);
    }

    /// <summary>
    /// A stream sent without buffering: with <c>Content-Length</c> when <paramref name="length"/> is given (or the
    /// stream can seek), chunked otherwise. A non-seekable stream can be sent only once.
    /// </summary>
    public static Body Stream(Stream stream, long? length = null, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamBody(stream, length, contentType);
    }

    /// <summary>The body's bytes when they are already in memory (bytes, text, JSON, form), otherwise null.</summary>
    public virtual ReadOnlyMemory<byte>? Buffered => null;

    internal abstract HttpContent CreateContent(JsonSerializerOptions jsonOptions);

    /// <summary>Opens the body for reading (a mocked response's body).</summary>
    internal virtual Stream OpenRead() => CreateContent(ClientOptions.DefaultJsonOptions).ReadAsStream();

    internal static string FormEncode(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    internal static void ApplyContentType(HttpContent content, string? contentType)
    {
        if (contentType is not null)
        {
            HeaderValidation.ValidateValue("Content-Type", contentType);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
    }
}

internal sealed class BytesBody(ReadOnlyMemory<byte> bytes, string? contentType) : Body
{
    public override string? ContentType => contentType;

    public override long? Length => bytes.Length;

    public override ReadOnlyMemory<byte>? Buffered => bytes;

    internal override HttpContent CreateContent(JsonSerializerOptions jsonOptions)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        ApplyContentType(content, contentType);
        return content;
    }
}

internal sealed class JsonBody(object? value, Type type, JsonSerializerOptions? options) : Body
{
    private Serialized? _cache;

    public override string? ContentType => "application/json";

    public override long? Length => Serialize(options ?? ClientOptions.DefaultJsonOptions).Length;

    public override ReadOnlyMemory<byte>? Buffered => Serialize(options ?? ClientOptions.DefaultJsonOptions);

    /// <summary>This body with the client's options when the call gave none (so hooks and mocks see the bytes sent).</summary>
    internal JsonBody WithDefaultOptions(JsonSerializerOptions clientOptions) =>
        options is null && !ReferenceEquals(clientOptions, ClientOptions.DefaultJsonOptions) ? new JsonBody(value, type, clientOptions) : this;

    internal override HttpContent CreateContent(JsonSerializerOptions jsonOptions)
    {
        var content = new ByteArrayContent(Serialize(options ?? jsonOptions));
        ApplyContentType(content, ContentType);
        return content;
    }

    private byte[] Serialize(JsonSerializerOptions jsonOptions)
    {
        var cache = _cache;
        if (cache is null || !ReferenceEquals(cache.Options, jsonOptions))
        {
            cache = new Serialized(jsonOptions, JsonSerializer.SerializeToUtf8Bytes(value, type, jsonOptions));
            _cache = cache;
        }

        return cache.Bytes;
    }

    private sealed record Serialized(JsonSerializerOptions Options, byte[] Bytes);
}
