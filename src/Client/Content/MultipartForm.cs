using System.Net.Http.Headers;
using System.Text.Json;

namespace Courier;

/// <summary>The fields and files of a <c>multipart/form-data</c> body. Files are streamed when sent.</summary>
public sealed class MultipartForm
{
    private readonly List<KeyValuePair<string, string>> _fields = [];
    private readonly List<MultipartFile> _files = [];

    /// <summary>The text fields, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The files, in order.</summary>
    public IReadOnlyList<MultipartFile> Files => _files;

    /// <summary>A fixed boundary (for reproducible bodies); a random one is used when null.</summary>
    public string? Boundary { get; init; }

    /// <summary>Adds a text field.</summary>
    public MultipartForm Field(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _fields.Add(new(name, value));
        return this;
    }

    /// <summary>Adds a file part read from <paramref name="content"/> (not owned: the caller disposes it).</summary>
    public MultipartForm File(string name, string fileName, Stream content, string contentType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(content);
        _files.Add(new(name, fileName, content, contentType));
        return this;
    }

    /// <summary>Adds a file part from bytes.</summary>
    public MultipartForm File(string name, string fileName, byte[] content, string contentType = "application/octet-stream") =>
        File(name, fileName, new MemoryStream(content, writable: false), contentType);

    /// <summary>Adds a file part read from a file on disk, streamed when sent.</summary>
    public MultipartForm FileFromPath(string name, string path, string? contentType = null) =>
        File(name, Path.GetFileName(path), new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true),
            contentType ?? "application/octet-stream");
}

/// <summary>One file of a <see cref="MultipartForm"/>.</summary>
/// <param name="Name">The form field name.</param>
/// <param name="FileName">The file name sent in <c>Content-Disposition</c>.</param>
/// <param name="Content">The file's bytes, streamed.</param>
/// <param name="ContentType">The part's <c>Content-Type</c>.</param>
public sealed record MultipartFile(string Name, string FileName, Stream Content, string ContentType);

internal sealed class MultipartBody(MultipartForm form) : Body
{
    private readonly string _boundary = form.Boundary ?? "courier-" + Guid.NewGuid().ToString("N");

    public override string? ContentType => $"multipart/form-data; boundary={_boundary}";

    public override long? Length
    {
        get
        {
            using var content = Build();
            return content.Headers.ContentLength;
        }
    }

    public override bool IsReplayable => form.Files.All(f => f.Content.CanSeek);

    internal override HttpContent CreateContent(JsonSerializerOptions jsonOptions)
    {
        foreach (var file in form.Files.Where(f => f.Content.CanSeek))
        {
            file.Content.Position = 0;
        }

        return Build();
    }

    private MultipartFormDataContent Build()
    {
        var content = new MultipartFormDataContent(_boundary);
        foreach (var (name, value) in form.Fields)
        {
            content.Add(new StringContent(value), Quote(name));
        }

        foreach (var file in form.Files)
        {
            var part = new StreamContent(new KeepOpenStream(file.Content));
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, Quote(file.Name), Quote(file.FileName));
        }

        return content;
    }

    /// <summary>Quotes a name as httpx and browsers do: <c>"</c>, CR and LF percent-encoded, so no header can be injected.</summary>
    private static string Quote(string text) => "\"" + text
        .Replace("\"", "%22", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal)
        .Replace("\0", "%00", StringComparison.Ordinal) + "\"";

    /// <summary>Lets the part stream be disposed without closing the caller's stream.</summary>
    private sealed class KeepOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
