using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Courier.CliTests.EndToEnd;
using Courier.Recorder;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.CliTests.Recording;

/// <summary><c>courier record</c> as another language would use it: a reverse proxy in front of a loopback server.</summary>
public sealed class RecordCommandTests
{
    private const string Bearer = "Bearer abcdefghijklmnopqrstuvwxyz0123456789";

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("courier-record-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static async Task<(LoopbackServer Server, ConcurrentQueue<IHeaderDictionary> Seen)> StartTargetAsync()
    {
        var seen = new ConcurrentQueue<IHeaderDictionary>();
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                seen.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
                await next(context);
            });
            app.MapGet("/users/{id}", async (HttpContext c, string id) =>
            {
                c.Response.Headers.Append("Set-Cookie", "session=server-secret-1; Path=/");
                c.Response.Headers.Append("Set-Cookie", "theme=dark; Path=/");
                c.Response.ContentType = "application/json";
                await c.Response.WriteAsync($$"""{"id":"{{id}}"}""");
            });
            app.MapPost("/echo", async (HttpContext c) =>
            {
                c.Response.ContentType = c.Request.ContentType;
                await c.Request.Body.CopyToAsync(c.Response.Body);
            });
            app.MapGet("/old", (HttpContext c) =>
            {
                c.Response.StatusCode = 302;
                c.Response.Headers.Location = $"http://{c.Request.Host}/users/9";
                return Task.CompletedTask;
            });
            app.MapGet("/gzip", async (HttpContext c) =>
            {
                c.Response.Headers.ContentEncoding = "gzip";
                c.Response.ContentType = "text/plain";
                await c.Response.Body.WriteAsync(Gzip("zipped text"));
            });
        });
        return (server, seen);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    [Test]
    public async Task Record_ForwardsCourierAndCurlRequests_RedactsSecrets_DropsHopByHop_AndSavesOnSigint()
    {
        var curl = Tools.Require("curl", "curl");
        var (target, seen) = await StartTargetAsync();
        await using var _ = target;
        var cassettePath = Path.Combine(_dir, "proxy.yaml");
        using var proxy = await ServingCommand.StartAsync(["record", "--target", target.Url.ToString(), "--cassette", cassettePath, "--mode", "once"]);
        proxy.FirstLine.ShouldMatch(@"^Listening on http://127\.0\.0\.1:\d+$");

        using var client = new Client(new ClientOptions { BaseUrl = proxy.Url, TrustEnv = false });
        var user = await client.GetAsync("/users/7", new RequestOptions { Headers = new Headers([new("Authorization", Bearer), new("Cookie", "session=client-secret")]) });
        user.StatusCode.ShouldBe(200);
        user.Text.ShouldBe("""{"id":"7"}""");
        user.Headers.GetValues("Set-Cookie").Count.ShouldBe(2);
        File.Exists(cassettePath).ShouldBeTrue("the cassette is saved after each recorded interaction, not only at exit");
        (await client.GetAsync("/gzip")).Text.ShouldBe("zipped text");

        using (var run = Process.Start(new ProcessStartInfo(curl, ["-sS", "--noproxy", "*", "-H", "X-Api-Key: topsecretkey", "-H", "Connection: X-Private", "-H", "X-Private: hop",
                   "-H", "Content-Type: text/plain", "--data-binary", "hello proxy", new Uri(proxy.Url, "/echo?b=2&a=1").ToString()]) { RedirectStandardOutput = true })!)
        {
            (await run.StandardOutput.ReadToEndAsync()).ShouldBe("hello proxy");
            await run.WaitForExitAsync();
            run.ExitCode.ShouldBe(0);
        }

        var (exit, stderr) = await proxy.StopAsync("INT");
        exit.ShouldBe(0, stderr);
        stderr.ShouldContain("(saved)");

        // The target got the live request: real credentials, Host rewritten to the target, no hop-by-hop headers.
        var headers = seen.ToArray();
        headers.Length.ShouldBe(3);
        headers[0]["Authorization"].ToString().ShouldBe(Bearer);
        headers[0]["Host"].ToString().ShouldBe(target.Url.Authority);
        headers[2]["X-Api-Key"].ToString().ShouldBe("topsecretkey");
        headers[2].ContainsKey("X-Private").ShouldBeFalse();

        var text = await File.ReadAllTextAsync(cassettePath);
        foreach (var secret in new[] { "abcdefghijklmnop", "client-secret", "server-secret-1", "topsecretkey" })
        {
            text.ShouldNotContain(secret);
        }

        var cassette = Cassette.Load(cassettePath).ShouldNotBeNull();
        cassette.Interactions.Count.ShouldBe(3);
        var (get, gzip, echo) = (cassette.Interactions[0], cassette.Interactions[1], cassette.Interactions[2]);
        get.Request.Uri.ShouldBe(new Uri(target.Url, "/users/7").ToString());
        get.Request.Headers.Get("Authorization").ShouldBe("REDACTED");
        get.Request.Headers.Get("Cookie").ShouldBe("REDACTED");
        get.Response.Headers.GetValues("Set-Cookie").ShouldBe(["REDACTED", "REDACTED"]);
        Encoding.UTF8.GetString(get.Response.Body).ShouldBe("""{"id":"7"}""");
        gzip.Response.Body.Take(2).ShouldBe(new byte[] { 0x1f, 0x8b }, "compressed bodies are kept as sent");
        gzip.Response.Headers.Get("Content-Encoding").ShouldBe("gzip");
        echo.Request.Method.ShouldBe("POST");
        echo.Request.Uri.ShouldEndWith("/echo?b=2&a=1");
        Encoding.UTF8.GetString(echo.Request.Body!).ShouldBe("hello proxy");
        echo.Request.Headers.Get("X-Api-Key").ShouldBe("REDACTED");
        echo.Request.Headers.Contains("X-Private").ShouldBeFalse();
        echo.Request.Headers.Contains("Connection").ShouldBeFalse();
    }

    [Test]
    public async Task Record_ThenModeNone_ReplaysWithoutTheTarget_AndAnswers404ForUnrecorded_StoppedBySigterm()
    {
        var cassettePath = Path.Combine(_dir, "once.yaml");
        var (target, _) = await StartTargetAsync();
        await using (target)
        {
            using var recording = await ServingCommand.StartAsync(["record", "--target", target.Url.ToString(), "--cassette", cassettePath, "--mode", "all"]);
            using var client = new Client(new ClientOptions { BaseUrl = recording.Url, TrustEnv = false });
            (await client.GetAsync("/users/1")).StatusCode.ShouldBe(200);
            var (exit, stderr) = await recording.StopAsync("TERM");
            exit.ShouldBe(0, stderr);
        }

        // The target is gone: everything now comes from the cassette.
        using var replaying = await ServingCommand.StartAsync(["record", "--target", target.Url.ToString(), "--cassette", cassettePath, "--mode", "none"]);
        using var replayClient = new Client(new ClientOptions { BaseUrl = replaying.Url, TrustEnv = false });
        var replayed = await replayClient.GetAsync("/users/1");
        replayed.StatusCode.ShouldBe(200);
        replayed.Text.ShouldBe("""{"id":"1"}""");
        var missing = await replayClient.GetAsync("/users/2");
        missing.StatusCode.ShouldBe(404);
        missing.Headers["X-Courier-Record"].ShouldBe("mismatch");
        missing.Text.ShouldContain("once.yaml");
        var (code, log) = await replaying.StopAsync("TERM");
        code.ShouldBe(0, log);
        log.ShouldContain("(unchanged)");
        Cassette.Load(cassettePath)!.Interactions.Count.ShouldBe(1);
    }

    [Test]
    public async Task Record_AbsoluteRedirectIntoTheTarget_IsFollowedThroughTheProxy_AndRecordedAsSent()
    {
        var (target, _) = await StartTargetAsync();
        await using var _ = target;
        var cassettePath = Path.Combine(_dir, "redirect.yaml");
        using var proxy = await ServingCommand.StartAsync(["record", "--target", target.Url.ToString(), "--cassette", cassettePath, "--mode", "all"]);
        using var client = new Client(new ClientOptions { BaseUrl = proxy.Url, TrustEnv = false, FollowRedirects = true });

        var response = await client.GetAsync("/old");

        response.Text.ShouldBe("""{"id":"9"}""");
        response.History.ShouldHaveSingleItem().Headers["Location"].ShouldBe(new Uri(proxy.Url, "/users/9").ToString());
        (await proxy.StopAsync("TERM")).ExitCode.ShouldBe(0);
        var cassette = Cassette.Load(cassettePath)!;
        cassette.Interactions.Count.ShouldBe(2, "both hops went through the proxy");
        cassette.Interactions[0].Response.Headers.Get("Location").ShouldBe(new Uri(target.Url, "/users/9").ToString());
    }

    [Test]
    public async Task Record_KilledWithSigkill_KeepsEveryInteractionRecordedSoFar()
    {
        var (target, _) = await StartTargetAsync();
        await using var _ = target;
        var cassettePath = Path.Combine(_dir, "killed.yaml");
        using var proxy = await ServingCommand.StartAsync(["record", "--target", target.Url.ToString(), "--cassette", cassettePath, "--mode", "new_episodes"]);
        using var client = new Client(new ClientOptions { BaseUrl = proxy.Url, TrustEnv = false });
        for (var i = 1; i <= 3; i++)
        {
            (await client.GetAsync($"/users/{i}")).StatusCode.ShouldBe(200);
        }

        var (exit, _) = await proxy.StopAsync("KILL");
        exit.ShouldNotBe(0);
        var cassette = Cassette.Load(cassettePath).ShouldNotBeNull();
        cassette.Interactions.Select(i => new Uri(i.Request.Uri).AbsolutePath).ShouldBe(["/users/1", "/users/2", "/users/3"]);
        Directory.GetFiles(_dir, "*.tmp").ShouldBeEmpty();
    }

    [TestCase("http://127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080/", "http://127.0.0.1:5000/x?y=1")]
    [TestCase("http://127.0.0.1:8080/api/x", "http://127.0.0.1:8080/api", "http://127.0.0.1:5000/x")]
    [TestCase("http://127.0.0.1:8080/other/x", "http://127.0.0.1:8080/api", "http://127.0.0.1:8080/other/x")]
    [TestCase("https://elsewhere.test/x", "http://127.0.0.1:8080/", "https://elsewhere.test/x")]
    [TestCase("/relative", "http://127.0.0.1:8080/", "/relative")]
    public void Location_IntoTheTarget_PointsAtTheProxy(string location, string target, string expected) =>
        Courier.Cli.Recording.Forwarding.ToProxy(location, new Uri(target), new Uri("http://127.0.0.1:5000/")).ShouldBe(expected);

    [TestCase("http://192.0.2.10:8080/")]
    [TestCase("http://169.254.169.254/")]
    [TestCase("http://[::ffff:10.0.0.1]/")]
    [TestCase("http://metadata.example.test/")]
    public async Task Record_RefusesATargetOutsideLoopback_NamingAllowHost(string url)
    {
        var result = await CliProcess.RunAsync(["record", "--target", url, "--cassette", Path.Combine(_dir, "x.yaml")]);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("--allow-host");
        result.Stdout.ShouldNotContain("Listening");
    }

    [Test]
    public async Task Record_AllowHost_LetsTheProxyStartForANamedHost()
    {
        using var proxy = await ServingCommand.StartAsync(["record", "--target", "http://192.0.2.10:8080/", "--allow-host", "192.0.2.10", "--cassette", Path.Combine(_dir, "x.yaml")]);
        var (exit, stderr) = await proxy.StopAsync("TERM");
        exit.ShouldBe(0, stderr);
        File.Exists(Path.Combine(_dir, "x.yaml")).ShouldBeFalse("nothing was recorded, so nothing is written");
    }

    [TestCase("--mode", "sometimes")]
    [TestCase("--match-on", "colour")]
    public async Task Record_BadOptions_AreUsageErrors(string option, string value)
    {
        var result = await CliProcess.RunAsync(["record", "--target", "http://127.0.0.1:9/", "--cassette", Path.Combine(_dir, "x.yaml"), option, value]);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain(value);
    }
}
