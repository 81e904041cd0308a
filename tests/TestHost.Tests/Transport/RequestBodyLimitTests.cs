using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>RELIABILITY.md row 9 (body half): Kestrel's request body limit, emulated without buffering the body.</summary>
public sealed class RequestBodyLimitTests
{
    private WebApplication _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapPost("/count", async (HttpContext ctx) =>
        {
            if (ctx.Request.Query.ContainsKey("unlimited"))
            {
                ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            }

            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            return total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        _app.MapPost("/sync-read", (HttpContext ctx) => ctx.Request.Body.Read(new byte[10], 0, 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _app.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    private Client CreateClient(TestServerTransportOptions options) =>
        new(new ClientOptions { Transport = new TestServerTransport(_app, options), BaseUrl = new Uri("http://localhost/") });

    [Test]
    public async Task StreamedBodyOverKestrelsDefault30MB_ServerLike_Returns413()
    {
        await using var client = CreateClient(new TestServerTransportOptions { RaiseAppExceptions = false });

        var response = await client.PostAsync("/count", Body.Stream(new ZeroStream(31_000_000)));

        response.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task DeclaredLengthOverTheLimit_ServerLike_Returns413()
    {
        await using var client = CreateClient(new TestServerTransportOptions { MaxRequestBodySize = 1000, RaiseAppExceptions = false });

        var response = await client.PostAsync("/count", Body.Bytes(new byte[2000]));

        response.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task DeclaredLengthOverTheLimit_RaiseMode_TheAppsBadHttpRequestReachesTheCaller()
    {
        using var transport = new TestServerTransport(_app, new TestServerTransportOptions { MaxRequestBodySize = 1000 });
        using var http = new HttpClient(transport);

        // BadHttpRequestException is an IOException, so Courier's client reports it as a WriteException (inner: this one).
        var ex = await Should.ThrowAsync<BadHttpRequestException>(() => http.PostAsync(new Uri("http://localhost/count"), new ByteArrayContent(new byte[2000])));

        ex.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task AppLiftsTheLimitPerRequest_BodyAccepted()
    {
        await using var client = CreateClient(new TestServerTransportOptions { MaxRequestBodySize = 1000 });

        var response = await client.PostAsync("/count?unlimited=1", Body.Stream(new ZeroStream(50_000)));

        response.Text.ShouldBe("50000");
    }

    [Test]
    public async Task SynchronousRequestBodyRead_IsRefused_AsOnKestrel()
    {
        await using var client = CreateClient(TestServerTransportOptions.Default);

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => client.PostAsync("/sync-read", Body.Text("hello")));

        ex.Message.ShouldContain("Synchronous operations are disallowed");
    }

    /// <summary>A body of <paramref name="length"/> zero bytes produced on demand (nothing is held in memory).</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
