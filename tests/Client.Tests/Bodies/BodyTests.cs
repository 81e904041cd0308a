using System.Text;
using System.Text.Json;
using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Bodies;

public class BodyTests
{
    private static LoopbackServer _server = null!;
    private static TaskCompletionSource _firstPartArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [OneTimeSetUp]
    public static async Task StartServer() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapPost("/form", async (HttpContext ctx) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            var files = new List<string[]>();
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                files.Add([file.Name, file.FileName, file.ContentType, await reader.ReadToEndAsync()]);
            }

            await ctx.Response.WriteAsJsonAsync(new
            {
                fields = form.Where(f => f.Key.Length > 0).Select(f => new[] { f.Key, f.Value.ToString() }).ToList(),
                files,
                contentLength = ctx.Request.ContentLength,
                chunked = ctx.Request.Headers.TransferEncoding.ToString(),
            });
        });
        app.MapPost("/gated", async (HttpContext ctx) =>
        {
            var buffer = new byte[64];
            var received = new StringBuilder();
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (received.ToString().Contains("part1", StringComparison.Ordinal))
                {
                    _firstPartArrived.TrySetResult();
                }
            }

            await ctx.Response.WriteAsync(received.ToString());
        });
        app.MapEcho();
    });

    [OneTimeTearDown]
    public static async Task StopServer() => await _server.DisposeAsync();

    private static Client CreateSut(ClientOptions? options = null) => new((options ?? new ClientOptions()) with { BaseUrl = _server.Url });

    [Test]
    public async Task Bytes_AreSentWithContentLengthAndType()
    {
        using var client = CreateSut();
        var seen = Seen.From(await client.PostAsync("/echo", Body.Bytes("abc"u8.ToArray(), "application/octet-stream")));
        seen.Body.ShouldBe("abc");
        seen.Header("Content-Length").ShouldBe("3");
        seen.Header("Content-Type").ShouldBe("application/octet-stream");
        seen.Header("Transfer-Encoding").ShouldBeNull();
    }

    [Test]
    public async Task Text_IsUtf8_WithContentLength()
    {
        using var client = CreateSut();
        var seen = Seen.From(await client.PutAsync("/echo", Body.Text("héllo")));
        seen.Body.ShouldBe("héllo");
        seen.Header("Content-Length").ShouldBe("6");
        seen.Header("Content-Type").ShouldBe("text/plain; charset=utf-8");
    }

    [Test]
    public async Task Stream_Seekable_IsSentWithContentLength()
    {
        using var client = CreateSut();
        using var stream = new MemoryStream("0123456789"u8.ToArray());
        stream.Position = 2;
        var seen = Seen.From(await client.PostAsync("/echo", Body.Stream(stream, contentType: "text/plain")));
        seen.Body.ShouldBe("23456789");
        seen.Header("Content-Length").ShouldBe("8");
        seen.Header("Transfer-Encoding").ShouldBeNull();
    }

    [Test]
    public async Task Stream_UnknownLength_IsSentChunked_WithoutBuffering()
    {
        _firstPartArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = CreateSut();
        // The stream gives its second part only once the server has received the first: a client that buffered the
        // whole body before sending would wait forever (bounded here to 30 s).
        var stream = new GatedStream(_firstPartArrived.Task);

        var response = await client.PostAsync("/gated", Body.Stream(stream));

        response.Text.ShouldBe("part1-part2");
        response.Request.Headers.Contains("Content-Length").ShouldBeFalse();
    }

    [Test]
    public async Task Stream_UnknownLength_UsesTransferEncodingChunked()
    {
        using var client = CreateSut();
        var seen = Seen.From(await client.PostAsync("/echo", Body.Stream(new NonSeekableStream("streamed"u8.ToArray()))));
        seen.Body.ShouldBe("streamed");
        seen.Header("Transfer-Encoding").ShouldBe("chunked");
        seen.Header("Content-Length").ShouldBeNull();
    }

    [Test]
    public async Task Stream_GivenLength_IsSentWithContentLength()
    {
        using var client = CreateSut();
        var seen = Seen.From(await client.PostAsync("/echo", Body.Stream(new NonSeekableStream("12345"u8.ToArray()), length: 5)));
        seen.Header("Content-Length").ShouldBe("5");
        seen.Body.ShouldBe("12345");
    }

    [Test]
    public async Task Json_UsesWebDefaults_ClientOptions_OrItsOwnOptions()
    {
        var payload = new { UserName = "ann", Age = 7 };
        using var plain = CreateSut();
        var seen = Seen.From(await plain.PostAsync("/echo", Body.Json(payload)));
        seen.Body.ShouldBe("{\"userName\":\"ann\",\"age\":7}");
        seen.Header("Content-Type").ShouldBe("application/json");
        seen.Header("Content-Length").ShouldBe(seen.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        using var configured = CreateSut(new ClientOptions { JsonOptions = snake });
        var request = configured.BuildRequest("POST", "/echo", Body.Json(payload));
        Encoding.UTF8.GetString(request.Content.Span).ShouldBe("{\"user_name\":\"ann\",\"age\":7}");
        Seen.From(await configured.SendAsync(request)).Body.ShouldBe("{\"user_name\":\"ann\",\"age\":7}");

        var kebab = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.KebabCaseUpper };
        Seen.From(await configured.PostAsync("/echo", Body.Json(payload, kebab))).Body.ShouldBe("{\"USER-NAME\":\"ann\",\"AGE\":7}");
    }

    [Test]
    public async Task Form_IsUrlEncoded_WithRepeatedNames()
    {
        using var client = CreateSut();
        var seen = Seen.From(await client.PostAsync("/echo", Body.Form([new("a", "1"), new("b", "x y&z=é"), new("a", "2")])));
        seen.Body.ShouldBe("a=1&b=x+y%26z%3D%C3%A9&a=2");
        seen.Header("Content-Type").ShouldBe("application/x-www-form-urlencoded");
        seen.Header("Content-Length").ShouldBe(seen.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Multipart_FieldsAndFiles_ArriveWithNamesAndTypes()
    {
        using var client = CreateSut();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"upload-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "a,b\n1,2\n");
        try
        {
            var form = new MultipartForm()
                .Field("title", "report")
                .File("data", "notes.txt", "some notes"u8.ToArray(), "text/plain")
                .FileFromPath("sheet", path, "text/csv");

            var response = await client.PostAsync("/form", Body.Multipart(form));
            using var json = JsonDocument.Parse(response.Content);

            json.RootElement.GetProperty("fields")[0].EnumerateArray().Select(e => e.GetString()).ShouldBe(["title", "report"]);
            var files = json.RootElement.GetProperty("files");
            files[0].EnumerateArray().Select(e => e.GetString()).ShouldBe(["data", "notes.txt", "text/plain", "some notes"]);
            files[1].EnumerateArray().Select(e => e.GetString()).ShouldBe(["sheet", Path.GetFileName(path), "text/csv", "a,b\n1,2\n"]);
            json.RootElement.GetProperty("contentLength").GetInt64().ShouldBeGreaterThan(0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Multipart_NonSeekableFile_IsStreamedChunked()
    {
        using var client = CreateSut();
        var form = new MultipartForm().File("upload", "big.bin", new NonSeekableStream(new byte[200_000]), "application/octet-stream");

        var response = await client.PostAsync("/form", Body.Multipart(form));
        using var json = JsonDocument.Parse(response.Content);

        json.RootElement.GetProperty("chunked").GetString().ShouldBe("chunked");
        json.RootElement.GetProperty("contentLength").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("files")[0][3].GetString()!.Length.ShouldBe(200_000);
    }

    [Test]
    public async Task Multipart_NamesWithQuotesOrNewlines_CannotInjectPartHeaders()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen);
        var form = new MultipartForm { Boundary = "b0undary" }.Field("a\"b\r\nX-Injected: 1", "v");

        await client.PostAsync("https://api.test/", Body.Multipart(form));

        var text = Encoding.UTF8.GetString(seen[0].Content.Span);
        text.ShouldContain("name=\"a%22b%0D%0AX-Injected: 1\"");
        text.ShouldNotContain("\r\nX-Injected");
    }

    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class GatedStream(Task gate) : Stream
    {
        private int _step;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            switch (_step++)
            {
                case 0:
                    "part1"u8.CopyTo(buffer.Span);
                    return 5;
                case 1:
                    await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                    "-part2"u8.CopyTo(buffer.Span);
                    return 6;
                default:
                    return 0;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
