using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Courier.Bench.Driver;

/// <summary>One contender: the same workloads through Courier or through a plain HttpClient.</summary>
internal interface IContender : IDisposable
{
    string Name { get; }

    Task GetSmallAsync(CancellationToken cancellationToken = default);

    Task<long> DownloadAsync(long size);

    Task<long> UploadAsync(long size);
}

internal sealed class CourierContender(Uri baseUrl, bool h2c, int maxConnections = 100) : IContender
{
    private readonly Client _client = new(new ClientOptions
    {
        Limits = new Limits { MaxConnections = maxConnections },
        Transport = Environment.GetEnvironmentVariable("COURIER_BENCH_RAW_TRANSPORT") == "1" ? new VersionHandler(h2c) : null,
        BaseUrl = baseUrl,
        Http1 = !h2c,
        Http2 = h2c,
        TrustEnv = false,
        Timeouts = Environment.GetEnvironmentVariable("COURIER_BENCH_NO_TIMEOUTS") == "1" ? Timeouts.Infinite : new Timeouts(TimeSpan.FromSeconds(60)),
    });

    public string Name => "Courier";

    public async Task GetSmallAsync(CancellationToken cancellationToken = default)
    {
        var response = await _client.GetAsync("/small", cancellationToken: cancellationToken);
        if (response.Content.Length != 5)
        {
            throw new InvalidOperationException($"bad body: {response.StatusCode} {response.HttpVersion} {response.Content.Length}");
        }
    }

    public async Task<long> DownloadAsync(long size)
    {
        // The same shape as the HttpClient contender: the body stream read into one reused 64 KiB buffer.
        await using var response = await _client.StreamAsync("GET", $"/big?size={size}");
        await using var stream = response.OpenBodyStream();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    public async Task<long> UploadAsync(long size)
    {
        using var body = new PatternStream(size);
        var response = await _client.PostAsync("/sink", Body.Stream(body, size));
        return long.Parse(response.Text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A streamed GET that is disposed half-read or cancelled mid-body (the leak check).</summary>
    public async Task ChaosAsync(Random random)
    {
        using var cts = new CancellationTokenSource();
        try
        {
            await using var response = await _client.StreamAsync("GET", "/big?size=262144", cancellationToken: cts.Token);
            var plan = random.Next(3);
            var chunks = 0;
            await foreach (var _ in response.IterRawAsync(16 * 1024, cts.Token))
            {
                if (++chunks == 2 && plan == 1)
                {
                    break;
                }

                if (chunks == 3 && plan == 2)
                {
                    await cts.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => _client.Dispose();
}

internal sealed class PlainContender : IContender
{
    private readonly HttpClient _client;

    /// <param name="sameRequest">
    /// Sends Courier's three default request headers (httpx's User-Agent, Accept and Accept-Encoding), so this client
    /// sends exactly the request Courier's sends: the network GETs' context row (COURIER_BENCH_SAME_HEADERS=1 turns it on
    /// for the plain column too, as a diagnostic).
    /// </param>
    public PlainContender(Uri baseUrl, bool h2c, HttpMessageHandler? handler = null, bool sameRequest = false)
    {
        Name = sameRequest ? "HttpClient_SameRequest" : "HttpClient";
        _client = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseUrl,
            DefaultRequestVersion = h2c ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (sameRequest || Environment.GetEnvironmentVariable("COURIER_BENCH_SAME_HEADERS") == "1")
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Client.DefaultUserAgent);
            _client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "*/*");
            _client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        }
    }

    public string Name { get; }

    public async Task GetSmallAsync(CancellationToken cancellationToken = default)
    {
        var body = await _client.GetByteArrayAsync("/small", cancellationToken);
        if (body.Length != 5)
        {
            throw new InvalidOperationException("bad body");
        }
    }

    public async Task<long> DownloadAsync(long size)
    {
        using var response = await _client.GetAsync($"/big?size={size}", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    public async Task<long> UploadAsync(long size)
    {
        using var body = new PatternStream(size);
        using var content = new StreamContent(body);
        content.Headers.ContentLength = size;
        using var response = await _client.PostAsync("/sink", content);
        return long.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>Samples the managed heap every few milliseconds; reports the peak above the starting (collected) heap.</summary>
internal sealed class HeapSampler : IDisposable
{
    private readonly long _baseline;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _peak;

    public HeapSampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _baseline = GC.GetTotalMemory(true);
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, GC.GetTotalMemory(false));
                Thread.Sleep(2);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public double PeakGrowthMb => Math.Max(0, _peak - _baseline) / 1048576.0;

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}

internal sealed class PatternStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class Run
{
    /// <summary>
    /// Runs <paramref name="count"/> calls on each contender, interleaved in slices of <paramref name="perSlice"/> calls
    /// (A B C, then B A C, …) so that load from elsewhere on the machine hits them alike; returns each contender's
    /// requests per second in each slice (slice i of every contender ran side by side, so their ratio is one
    /// side-by-side comparison). A and B (the target's pair) are always next to each other and take turns going first;
    /// any further contender (context) runs after them. The first round warms up for at least 1.5 s, later rounds (the
    /// JIT already quiet) for at least <paramref name="minimumWarmUp"/>.
    /// </summary>
    public static async Task<List<double>[]> InterleavedAsync(int count, int concurrency, int perSlice, TimeSpan minimumWarmUp, params Func<Task>[] contenders)
    {
        for (var i = 0; i < Math.Min(200, count); i++)
        {
            foreach (var call in contenders)
            {
                await call(); // warm up the connection(s) and the JIT
            }
        }

        // Then whole slices at the workload's concurrency, unmeasured, for at least 1.5 s and until the JIT is quiet (at
        // most 15 s): the rounds measure the steady state. On a loaded 2-core box tiering takes seconds (Courier's code
        // is not ReadyToRun, most of HttpClient's is): with a fixed 1.5 s, a first round still compiled ~1,200 methods
        // (~1 s of JIT) inside its measured slices. Quiet means fewer than 5 methods compiled in a window of at least
        // 0.5 s: a fast workload's pair of slices (h2c: ~70 ms) fits inside the runtime's 100 ms tiering delay, so a
        // quiet pair said nothing, and a first h2c round still compiled ~1,000 methods while measured.
        var warming = Stopwatch.StartNew();
        var window = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (warming.Elapsed < TimeSpan.FromSeconds(15))
        {
            foreach (var call in contenders)
            {
                await SliceAsync(Math.Max(1, count / 20), concurrency, call);
            }

            if (window.Elapsed < TimeSpan.FromSeconds(0.5))
            {
                continue;
            }

            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now - compiled < 5 && warming.Elapsed >= minimumWarmUp)
            {
                break;
            }

            (compiled, window) = (now, Stopwatch.StartNew());
        }

        var jit0 = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime0 = System.Runtime.JitInfo.GetCompilationTime();
        var costs = new Cost[contenders.Length];
        var rates = contenders.Select(_ => new List<double>()).ToArray();
        // Short slices, many pairs: a slice's rate swings by about ±20% whatever its length (250 to 8,000 GETs measured:
        // the machine falls into faster and slower spells that last a whole slice), so the median's precision grows
        // with the number of pairs, not with their length. See bench/notes/client-overhead.md, session 11.
        var slices = Math.Max(1, count / perSlice);
        perSlice = count / slices;
        for (var slice = 0; slice < slices; slice++)
        {
            for (var k = 0; k < contenders.Length; k++)
            {
                var which = slice % 2 == 1 && k < 2 && contenders.Length > 1 ? 1 - k : k;
                var cost = await SliceAsync(perSlice, concurrency, contenders[which]);
                costs[which] += cost;
                rates[which].Add(perSlice / cost.Wall.TotalSeconds);
            }
        }

        // Client-process CPU time and allocations per call: far steadier than wall time on a shared machine (the
        // server is its own process, so this is the client's own cost).
        string Each(Func<Cost, string> part) => string.Join(" vs ", costs.Select(part));
        var summary = $"CPU µs/call {Each(c => (c.Cpu.TotalMicroseconds / count).ToString("0.0", CultureInfo.InvariantCulture))}, bytes/call {Each(c => (c.Bytes / count).ToString("N0", CultureInfo.InvariantCulture))}, thread-pool items/call {Each(c => ((double)c.Items / count).ToString("0.00", CultureInfo.InvariantCulture))}";
        Console.Error.WriteLine($"  {summary}");
        Console.Error.WriteLine($"  JIT during measured slices: {System.Runtime.JitInfo.GetCompiledMethodCount() - jit0} methods, {(System.Runtime.JitInfo.GetCompilationTime() - jitTime0).TotalMilliseconds:0} ms (warm-up {warming.Elapsed.TotalSeconds:0.0} s)");
        return rates;
    }

    private readonly record struct Cost(TimeSpan Wall, TimeSpan Cpu, long Bytes, long Items)
    {
        public static Cost operator +(Cost x, Cost y) => new(x.Wall + y.Wall, x.Cpu + y.Cpu, x.Bytes + y.Bytes, x.Items + y.Items);
    }

    private static async Task<Cost> SliceAsync(int count, int concurrency, Func<Task> call)
    {
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(false);
        var items = ThreadPool.CompletedWorkItemCount;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await call();
            }
        })));
        var wall = watch.Elapsed;
        return new Cost(wall, Process.GetCurrentProcess().TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(false) - bytes, ThreadPool.CompletedWorkItemCount - items);
    }
}

/// <summary>Diagnostics only (COURIER_BENCH_RAW_TRANSPORT=1): Courier's client over a bare SocketsHttpHandler.</summary>
internal sealed class VersionHandler(bool h2c) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Version = h2c ? HttpVersion.Version20 : HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return base.SendAsync(request, cancellationToken);
    }
}
