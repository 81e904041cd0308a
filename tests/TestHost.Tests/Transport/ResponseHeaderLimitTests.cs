using System.Net;
using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>
/// RELIABILITY.md "In-process transport" row 9, response side: SocketsHttpHandler's MaxResponseHeadersLength (64 KiB by
/// default) holds in-process too, for one huge header and for a flood of small ones, as a ConfigurationLimitExceeded error.
/// </summary>
public sealed class ResponseHeaderLimitTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private WebApplication _app = null!;
    private TaskCompletionSource _floodAborted = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _floodAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapGet("/header/{kib:int}", (int kib, HttpContext ctx) =>
        {
            ctx.Response.Headers["X-Big"] = new string('a', kib * 1024);
            return "ok";
        });
        _app.MapGet("/flood/{count:int}", async (int count, HttpContext ctx) =>
        {
            for (var i = 0; i < count; i++)
            {
                ctx.Response.Headers[$"X-H{i}"] = "v";
            }

            // The head goes out now and the app waits for the client: the limit must abort it, not leave it hanging.
            await ctx.Response.Body.FlushAsync();
            ctx.RequestAborted.Register(() => _floodAborted.TrySetResult());
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await _app.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    private Client CreateClient(TestServerTransportOptions? options = null) =>
        new(new ClientOptions { Transport = new TestServerTransport(_app.GetTestServer(), options), BaseUrl = new Uri("http://localhost/") });

    [Test]
    public async Task Row9_OneMiBResponseHeader_RemoteProtocol_WithConfigurationLimitExceeded()
    {
        await using var client = CreateClient();

        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/header/1024"));

        var inner = ex.InnerException.ShouldBeOfType<HttpRequestException>();
        inner.HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
        inner.Message.ShouldContain("65536 bytes");
        inner.Message.ShouldContain("MaxResponseHeadersLength");
        ex.Request.ShouldNotBeNull().Url.AbsolutePath.ShouldBe("/header/1024");
    }

    [Test]
    public async Task Row9_HeaderCountFlood_RemoteProtocol_WithConfigurationLimitExceeded_AndTheAppSeesAbort()
    {
        await using var client = CreateClient();

        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/flood/20000").WaitAsync(Margin));

        ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
        await _floodAborted.Task.WaitAsync(Margin);
    }

    [Test]
    public async Task Row9_HeadersUnderTheDefaultLimit_Accepted()
    {
        await using var client = CreateClient();

        var response = await client.GetAsync("/header/60");

        response.StatusCode.ShouldBe(200);
        response.Headers["X-Big"].ShouldNotBeNull().Length.ShouldBe(60 * 1024);
    }

    [Test]
    public async Task Row9_LimitRaised_OneMiBHeaderAccepted()
    {
        await using var client = CreateClient(new TestServerTransportOptions { MaxResponseHeadersLength = 2048 });

        var response = await client.GetAsync("/header/1024");

        response.Headers["X-Big"].ShouldNotBeNull().Length.ShouldBe(1024 * 1024);
    }

    [Test]
    public async Task Row9_LimitLowered_PlainHttpClient_HttpRequestException_ConfigurationLimitExceeded()
    {
        using var http = new HttpClient(new TestServerTransport(_app.GetTestServer(), new TestServerTransportOptions { MaxResponseHeadersLength = 4 }));

        var ex = await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(new Uri("http://localhost/header/5")));

        ex.HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
        ex.Message.ShouldContain("4096 bytes");
        (await http.GetAsync(new Uri("http://localhost/header/3"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public void Row9_LimitNotPositive_Refused()
    {
        var ex = Should.Throw<ArgumentException>(() => new TestServerTransport(_app.GetTestServer(), new TestServerTransportOptions { MaxResponseHeadersLength = 0 }));

        ex.Message.ShouldContain("MaxResponseHeadersLength");
    }
}
