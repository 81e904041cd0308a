using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Courier.Bench.Driver;

/// <summary>python3-httpx (Debian) running one workload per call: <c>/usr/bin/python3 httpx_bench.py</c>, bounded in time.</summary>
internal sealed class PythonPeer(string script, Uri http1, Uri h2c, int capSeconds)
{
    public bool H2 { get; private set; }

    public async Task<bool> HasH2Async()
    {
        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import h2, httpx"]) { UseShellExecute = false })!;
        await probe.WaitForExitAsync();
        return H2 = probe.ExitCode == 0;
    }

    /// <summary>The workload's rate (req/s or MB/s), or null when the run failed or hit its cap.</summary>
    public async Task<double?> RunAsync(string mode, string workload, int count, long size)
    {
        var inv = CultureInfo.InvariantCulture;
        using var py = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            [script, mode, workload, http1.ToString().TrimEnd('/'), h2c.ToString().TrimEnd('/'), count.ToString(inv), size.ToString(inv)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(capSeconds));
        try
        {
            var output = await py.StandardOutput.ReadToEndAsync(cap.Token);
            await py.WaitForExitAsync(cap.Token);
            if (py.ExitCode != 0)
            {
                return null;
            }

            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("value").GetDouble();
        }
        catch (OperationCanceledException)
        {
            py.Kill(entireProcessTree: true);
            return null;
        }
    }
}

/// <summary>Peak resident memory of one contender alone in its own process (VmHWM from /proc/self/status).</summary>
internal static class Memory
{
    public static async Task<double> RunChildAsync(string contender, Uri http1, Uri h2c, long download, long upload, int requests)
    {
        var inv = CultureInfo.InvariantCulture;
        using var child = Process.Start(new ProcessStartInfo("dotnet",
            [typeof(Memory).Assembly.Location, "--rss-child", contender, http1.ToString(), h2c.ToString(), download.ToString(inv), upload.ToString(inv), requests.ToString(inv)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = await child.StandardOutput.ReadToEndAsync(cap.Token);
        await child.WaitForExitAsync(cap.Token);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"--rss-child {contender} printed no VmHWM (exit {child.ExitCode}): {output}");
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], inv) / 1024.0;
    }

    public static async Task<int> ChildAsync(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var (name, http1, h2c) = (args[0], new Uri(args[1]), new Uri(args[2]));
        var (download, upload, requests) = (long.Parse(args[3], inv), long.Parse(args[4], inv), int.Parse(args[5], inv));
        using (IContender c = name == "Courier" ? new CourierContender(http1, false) : new PlainContender(http1, false))
        {
            if (await c.DownloadAsync(download) != download || await c.UploadAsync(upload) != upload)
            {
                throw new InvalidOperationException("short transfer");
            }

            await Run.InterleavedAsync(requests, 64, 500, TimeSpan.FromSeconds(1.5), () => c.GetSmallAsync());
        }

        using (IContender c = name == "Courier" ? new CourierContender(h2c, true) : new PlainContender(h2c, true))
        {
            await Run.InterleavedAsync(requests, 100, 500, TimeSpan.FromSeconds(1.5), () => c.GetSmallAsync());
        }

        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine($"VmHWM {hwm["VmHWM:".Length..].Trim().Split(' ')[0]}");
        return 0;
    }
}

/// <summary>Streamed GETs disposed half-read or cancelled mid-body never leave connections behind.</summary>
internal static class LeakCheck
{
    public static async Task<int> RunAsync(Uri http1, int count)
    {
        using var client = new Client(new ClientOptions { BaseUrl = http1, TrustEnv = false });
        using var contender = new CourierContender(http1, false, maxConnections: 8);
        var random = new Random(7);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            Random local;
            lock (random)
            {
                local = new Random(random.Next());
            }

            while (Interlocked.Increment(ref next) < count)
            {
                await contender.ChaosAsync(local);
            }
        })));
        return int.Parse((await client.GetAsync("/open")).Text, CultureInfo.InvariantCulture);
    }
}
