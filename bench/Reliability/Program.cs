// The full load runs behind docs/reliability.md (CI runs a 10-second version in tests/*/Reliability).
//   dotnet run -c Release --project bench/Reliability -- [requests=100000] [tasks=64] [maxConnections=16] [capSeconds=600]
// Exits 1 when any request failed or the server ever saw more than maxConnections open connections.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Courier;
using Courier.Mocking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var total = Arg(0, 100_000);
var tasks = Arg(1, 64);
var maxConnections = Arg(2, 16);
var cap = TimeSpan.FromSeconds(Arg(3, 600));
var failed = false;

// 1. Kestrel, counting open connections on the server side.
var open = 0;
var peak = 0;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
{
    var now = Interlocked.Increment(ref open);
    int seen;
    while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
    {
    }

    try
    {
        await next(connection);
    }
    finally
    {
        Interlocked.Decrement(ref open);
    }
})));
await using (var app = builder.Build())
{
    app.MapGet("/", () => "ok");
    await app.StartAsync();
    var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    var kestrel = await RunAsync("Kestrel", url);
    Console.WriteLine($"  peak open connections (server side): {peak} (MaxConnections {maxConnections})");
    failed |= kestrel != 0 || peak > maxConnections;
    await app.StopAsync();
}

// 2. MockServer with one stub.
await using (var mock = await MockServer.StartAsync(new MockServerOptions { MaxJournalEntries = 1_000, MaxRecordedCalls = 1_000 }))
{
    mock.Get("/").Respond(MockResponse.Text("ok"));
    failed |= await RunAsync("MockServer", mock.Url) != 0;
    Console.WriteLine($"  journal entries kept: {mock.Requests.Count} (cap 1000)");
}

return failed ? 1 : 0;

async Task<int> RunAsync(string name, Uri url)
{
    using var client = new Client(new ClientOptions
    {
        BaseUrl = url,
        Limits = new Limits { MaxConnections = maxConnections },
        Timeouts = new Timeouts(TimeSpan.FromSeconds(30)),
    });
    var issued = 0;
    var completed = 0;
    var errors = 0;
    string? first = null;
    var latencies = new long[total];
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
    {
        int n;
        while ((n = Interlocked.Increment(ref issued)) <= total && watch.Elapsed < cap)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var response = await client.GetAsync("/");
                if (response.Text != "ok")
                {
                    throw new InvalidOperationException($"unexpected {response.StatusCode}");
                }

                latencies[n - 1] = Stopwatch.GetTimestamp() - start;
                Interlocked.Increment(ref completed);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref first, ex.Message, null);
            }
        }
    })));
    var done = latencies.Where(l => l > 0).Order().ToArray();
    double Ms(double q) => done.Length == 0 ? 0 : done[(int)Math.Min(done.Length - 1, q * done.Length)] * 1000.0 / Stopwatch.Frequency;
    Console.WriteLine($"{name}: {completed:N0} of {total:N0} requests, {errors} errors, {watch.Elapsed.TotalSeconds:F1} s, {completed / watch.Elapsed.TotalSeconds:N0} req/s, p50 {Ms(0.5):F2} ms, p99 {Ms(0.99):F2} ms, max {Ms(0.999999):F1} ms ({tasks} tasks, MaxConnections {maxConnections})");
    if (first is not null)
    {
        Console.WriteLine($"  first error: {first}");
    }

    return errors + (total - completed);
}

int Arg(int index, int fallback) =>
    args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
