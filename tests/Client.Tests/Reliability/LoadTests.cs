using System.Diagnostics;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;

namespace Courier.ClientTests.Reliability;

/// <summary>
/// The CI-sized load run of issue 11: 64 concurrent tasks through one <see cref="Client"/> to Kestrel, bounded both
/// in count (100,000) and in time (about 10 s), with zero errors and never more than <c>MaxConnections</c> open on
/// the server side. bench/Reliability runs the full 100,000 without the time cap.
/// </summary>
public class LoadTests
{
    internal const int Tasks = 64;
    internal const int MaxConnections = 16;

    [Test]
    public async Task SixtyFourTasks_OneClient_ZeroErrors_NeverMoreThanMaxConnections()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "ok"));
        using var client = new Client(new ClientOptions
        {
            BaseUrl = server.Url,
            Limits = new Limits { MaxConnections = MaxConnections },
            Timeouts = new Timeouts(TimeSpan.FromSeconds(30)),
        });

        var result = await RunAsync(client, server, total: 100_000, cap: TimeSpan.FromSeconds(10));

        TestContext.Out.WriteLine($"{result.Completed} requests in {result.Elapsed.TotalSeconds:F1} s ({result.Completed / result.Elapsed.TotalSeconds:F0}/s), peak {result.PeakOpen} connections, {server.ConnectionsAccepted} accepted");
        result.Errors.ShouldBe(0, result.FirstError);
        result.Completed.ShouldBeGreaterThan(1_000);
        result.PeakOpen.ShouldBeLessThanOrEqualTo(MaxConnections);
        server.ConnectionsAccepted.ShouldBeLessThanOrEqualTo(MaxConnections);
    }

    internal sealed record LoadResult(int Completed, int Errors, string? FirstError, int PeakOpen, TimeSpan Elapsed);

    /// <summary>Runs GET / from <see cref="Tasks"/> tasks until <paramref name="total"/> requests or <paramref name="cap"/>, sampling the server's open connections.</summary>
    internal static async Task<LoadResult> RunAsync(Client client, LoopbackServer? server, int total, TimeSpan cap)
    {
        var issued = 0;
        var completed = 0;
        var errors = 0;
        string? firstError = null;
        var peak = 0;
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (server is not null)
                {
                    peak = Math.Max(peak, server.OpenConnections);
                }

                await Task.Delay(5, CancellationToken.None);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref issued) <= total && watch.Elapsed < cap)
            {
                try
                {
                    var response = await client.GetAsync("/");
                    if (response.StatusCode != 200 || response.Text != "ok")
                    {
                        throw new InvalidOperationException($"unexpected {response.StatusCode} '{response.Text}'");
                    }

                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.ToString(), null);
                }
            }
        })));

        await stop.CancelAsync();
        await sampler;
        return new LoadResult(completed, errors, firstError, server is null ? 0 : Math.Max(peak, server.OpenConnections), watch.Elapsed);
    }
}
