using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Courier.Cli.Recording;
using Courier.Mocking.Server;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.CliTests.Recording;

/// <summary>
/// RELIABILITY.md stub server row 8 for <c>courier record</c>: the target is checked on every resolved address at
/// connect time. Host names are resolved by a test hook and connections go through a recording connector that only
/// ever dials loopback, so no traffic leaves the machine and no outside name is looked up.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class RecordTargetTests
{
    private static async Task<(HttpResponseMessage? Response, Exception? Error, IReadOnlyList<IPEndPoint> Dialled)> SendAsync(
        Uri url, IReadOnlyList<string> allowHost, params IPAddress[] resolved)
    {
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var policy = new TargetPolicy(
            allowHost,
            (_, _) => ValueTask.FromResult(resolved),
            async (endPoint, ct) =>
            {
                dialled.Enqueue(endPoint);
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endPoint.Port), ct); // loopback only, whatever was allowed
                return new NetworkStream(socket, ownsSocket: true);
            });
        policy.Problem(url).ShouldBeNull();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = policy.ConnectAsync, UseProxy = false, AllowAutoRedirect = false });
        try
        {
            return (await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None), null, [.. dialled]);
        }
        catch (HttpRequestException e)
        {
            return (null, e, [.. dialled]);
        }
    }

    private static Task<LoopbackServer> TargetAsync() => LoopbackServer.StartAsync(app => app.MapGet("/p", () => "target"));

    [Test]
    public async Task RecordTarget_AllowedName_ResolvingToInternalAddresses_IsRefused_ZeroDials()
    {
        await using var target = await TargetAsync();

        var (response, error, dialled) = await SendAsync(new Uri($"http://api.corp.test:{target.Url.Port}/p"), ["api.corp.test"],
            IPAddress.Parse("::ffff:169.254.169.254"), IPAddress.Parse("10.1.2.3"), IPAddress.Parse("fe80::1"), IPAddress.Parse("192.168.1.1"), IPAddress.Parse("100.64.0.1"));

        response.ShouldBeNull();
        var refused = error.ShouldNotBeNull().InnerException.ShouldBeOfType<ProxyTargetRefusedException>();
        refused.Host.ShouldBe("api.corp.test");
        refused.Message.ShouldContain("169.254.169.254, 10.1.2.3, fe80::1, 192.168.1.1, 100.64.0.1");
        refused.Message.ShouldContain("--allow-host 169.254.169.254");
        dialled.ShouldBeEmpty();
        target.ConnectionsAccepted.ShouldBe(0);
    }

    [Test]
    public async Task RecordTarget_LocalhostName_ResolvingOutsideLoopback_DialsOnlyTheLoopbackAddress()
    {
        await using var target = await TargetAsync();

        var (response, _, dialled) = await SendAsync(new Uri($"http://api.localhost:{target.Url.Port}/p"), [],
            IPAddress.Parse("169.254.169.254"), IPAddress.Parse("::ffff:10.0.0.1"), IPAddress.Loopback);

        response.ShouldNotBeNull().StatusCode.ShouldBe(HttpStatusCode.OK);
        dialled.Select(e => e.Address).ShouldBe([IPAddress.Loopback]);
        target.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task RecordTarget_PrivateAddress_IsDialled_OnlyWhenItsRangeIsAllowed()
    {
        await using var target = await TargetAsync();
        var url = new Uri($"http://api.corp.test:{target.Url.Port}/p");

        var (_, refused, none) = await SendAsync(url, ["api.corp.test"], IPAddress.Parse("10.1.2.3"));
        var (allowed, _, dialled) = await SendAsync(url, ["api.corp.test", "10.0.0.0/8"], IPAddress.Parse("10.1.2.3"));

        refused.ShouldNotBeNull().InnerException.ShouldBeOfType<ProxyTargetRefusedException>();
        none.ShouldBeEmpty();
        allowed.ShouldNotBeNull().StatusCode.ShouldBe(HttpStatusCode.OK);
        dialled.Select(e => e.Address.ToString()).ShouldBe(["10.1.2.3"]);
    }

    [TestCase("http://2852039166/", "169.254.169.254")]
    [TestCase("http://[::ffff:169.254.169.254]/", "169.254.169.254")]
    [TestCase("http://0xa9.254.169.254/", "169.254.169.254")]
    [TestCase("http://[fe80::1]/", "fe80::1")]
    public void RecordTarget_LiteralForms_AreCheckedAsTheAddressTheyMean(string url, string address) =>
        new TargetPolicy([]).Problem(new Uri(url)).ShouldNotBeNull().ShouldContain($"--allow-host {address}");

    [TestCase("http://2130706433:8080/")]
    [TestCase("http://[::ffff:127.0.0.1]:8080/")]
    public void RecordTarget_LiteralFormsOfLoopback_AreAllowed(string url) =>
        new TargetPolicy([]).Problem(new Uri(url)).ShouldBeNull();

    [TestCase("2130706433")]
    [TestCase("10.0.0.0/40")]
    [TestCase("bad host")]
    public void RecordTarget_BadAllowHost_IsNamed(string entry) =>
        TargetPolicy.ProblemWith([entry]).ShouldNotBeNull().ShouldContain(entry);

    [Test]
    public async Task Record_RedirectFromTheTarget_IsPassedBack_NeverFollowed()
    {
        await using var elsewhere = await TargetAsync();
        await using var target = await LoopbackServer.StartAsync(app =>
            app.MapGet("/p", () => Results.Redirect($"http://127.0.0.1:{elsewhere.Url.Port}/p")));
        var dir = Directory.CreateTempSubdirectory("courier-record-").FullName;
        try
        {
            using var proxy = await ServingCommand.StartAsync(["record", "--target", target.Url.ToString(), "--cassette", Path.Combine(dir, "r.yaml"), "--mode", "all"]);
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

            using var response = await http.GetAsync(new Uri(proxy.Url, "/p"));

            ((int)response.StatusCode).ShouldBe(302);
            response.Headers.Location!.ToString().ShouldBe($"http://127.0.0.1:{elsewhere.Url.Port}/p");
            target.ConnectionsAccepted.ShouldBe(1);
            elsewhere.ConnectionsAccepted.ShouldBe(0);
            var (exit, stderr) = await proxy.StopAsync("TERM");
            exit.ShouldBe(0, stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
