using System.Diagnostics;
using Courier.Mocking;
using Courier.TestUtils;

namespace Courier.MockingTests.Reliability;

/// <summary>
/// Stub server row 1 and the MockServer half of the load run: 64 tasks through one <see cref="Client"/> (bounded in
/// count and time) with zero errors, while Debian's slowhttptest holds slow connections open (slowloris headers, a slow
/// body, a slow reader). bench/Reliability runs the full 100,000.
/// </summary>
public sealed class MockServerLoadTests
{
    [Test]
    public async Task SixtyFourTasks_ThroughMockServer_ZeroErrors()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxJournalEntries = 100, MaxRecordedCalls = 100 });
        server.Get("/").Respond(MockResponse.Text("ok"));
        using var client = NewClient(server);

        var (completed, errors, first, elapsed) = await RunAsync(client, total: 100_000, cap: TimeSpan.FromSeconds(5));

        TestContext.Out.WriteLine($"{completed} requests in {elapsed.TotalSeconds:F1} s ({completed / elapsed.TotalSeconds:F0}/s)");
        errors.ShouldBe(0, first);
        completed.ShouldBeGreaterThan(500);
        server.Requests.Count.ShouldBe(100);
    }

    [TestCase("-H", TestName = "Row1_Slowloris_DoesNotStallOtherClients")]
    [TestCase("-B", TestName = "Row1_SlowBody_DoesNotStallOtherClients")]
    [TestCase("-X", TestName = "Row1_SlowReader_DoesNotStallOtherClients")]
    [Category("Tool:slowhttptest")]
    public async Task SlowClients_FromSlowHttpTest_DoNotStallOthers(string mode)
    {
        var tool = Tools.Require("slowhttptest", "slowhttptest");
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxJournalEntries = 100, MaxRecordedCalls = 100 });
        server.Get("/").Respond(MockResponse.Text("ok"));
        server.Post("/").Respond(MockResponse.Text("ok"));
        using var client = NewClient(server);
        var slow = StartSlowHttpTest(tool, mode, server.Url);
        try
        {
            await Task.Delay(1000); // let it open its connections first

            var (completed, errors, first, elapsed) = await RunAsync(client, total: 100_000, cap: TimeSpan.FromSeconds(3));

            TestContext.Out.WriteLine($"{mode}: {completed} requests in {elapsed.TotalSeconds:F1} s beside slowhttptest");
            errors.ShouldBe(0, first);
            completed.ShouldBeGreaterThan(200);
            slow.HasExited.ShouldBeFalse("slowhttptest should still be holding its slow connections");
        }
        finally
        {
            slow.Kill(entireProcessTree: true);
            await slow.WaitForExitAsync();
            slow.Dispose();
        }
    }

    private static Client NewClient(MockServer server) => new(new ClientOptions
    {
        BaseUrl = server.Url,
        Limits = new Limits { MaxConnections = 16 },
        Timeouts = new Timeouts(TimeSpan.FromSeconds(10)),
    });

    private static Process StartSlowHttpTest(string tool, string mode, Uri url)
    {
        // 200 slow connections at 100 per second, follow-up data every 2 s, for at most 20 s; -X reads 1 byte every 3 s.
        var args = $"{mode} -c 200 -r 100 -i 2 -l 20 -p 3 -u {url} -t {(mode == "-B" ? "POST" : "GET")}"
            + (mode == "-X" ? " -k 3 -n 3 -w 1 -y 1 -z 1" : string.Empty);
        var info = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Completed, int Errors, string? First, TimeSpan Elapsed)> RunAsync(Client client, int total, TimeSpan cap)
    {
        var issued = 0;
        var completed = 0;
        var errors = 0;
        string? first = null;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref issued) <= total && watch.Elapsed < cap)
            {
                try
                {
                    var response = await client.GetAsync("/");
                    if (response.Text != "ok")
                    {
                        throw new InvalidOperationException($"unexpected {response.StatusCode} '{response.Text}'");
                    }

                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref first, ex.ToString(), null);
                }
            }
        })));
        return (completed, errors, first, watch.Elapsed);
    }
}
