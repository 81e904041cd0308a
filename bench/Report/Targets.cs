using System.Globalization;
using System.Text.Json.Nodes;

namespace Courier.Bench.Report;

/// <summary>How a target compares the subject with its reference.</summary>
internal enum Kind
{
    /// <summary>The subject's speed relative to the reference (rate ratio, or inverse time ratio) is at least the threshold.</summary>
    SpeedAtLeast,

    /// <summary>The subject's time relative to the reference's is at most the threshold.</summary>
    TimeAtMost,

    /// <summary>The subject's value minus the reference's is at most the threshold (same unit).</summary>
    PlusAtMost,

    /// <summary>The subject's value itself is at most the threshold (no reference).</summary>
    AtMost,
}

/// <summary>One row of the summary: a workload, the contender measured, the peer or limit it is held against, and the target.</summary>
internal sealed record Target(string Label, string Workload, string Subject, string? Reference, string ReferenceLabel, Kind Kind, double Threshold)
{
    /// <summary>The issue's targets (issue 10), plus the earlier issues' targets for the 1-route mock and `courier mock` start.</summary>
    public static readonly Target[] All =
    [
        new("GETs, c = 1, HTTP/1.1", "net.get_c1", "Courier", "HttpClient", "`HttpClient`", Kind.SpeedAtLeast, 0.95),
        new("GETs, c = 64, HTTP/1.1", "net.get_c64", "Courier", "HttpClient", "`HttpClient`", Kind.SpeedAtLeast, 0.95),
        new("GETs, h2c, 100 streams, 1 connection", "net.get_h2c", "Courier", "HttpClient", "`HttpClient`", Kind.SpeedAtLeast, 0.95),
        new("streamed download", "net.download", "Courier", "HttpClient", "`HttpClient`", Kind.SpeedAtLeast, 0.95),
        new("streamed upload", "net.upload", "Courier", "HttpClient", "`HttpClient`", Kind.SpeedAtLeast, 0.95),
        new("peak RSS, transfers + GETs", "net.rss_peak", "Courier", "HttpClient", "`HttpClient`", Kind.PlusAtMost, 32),
        new("GETs, c = 1 vs Python", "net.get_c1", "Courier", "httpx*", "httpx (faster of sync/async)", Kind.SpeedAtLeast, 8),
        new("GETs, c = 64 vs Python", "net.get_c64", "Courier", "httpx*", "httpx (faster of sync/async)", Kind.SpeedAtLeast, 40),
        new("GETs, h2c vs Python", "net.get_h2c", "Courier", "httpx*", "httpx async", Kind.SpeedAtLeast, 40),
        new("in-process GET + read, time", "bdn.ClientOverhead", "Client_GetAsync_Content", "HttpClient_GetAsync_ReadBytes", "`HttpClient`", Kind.TimeAtMost, 1.3),
        new("in-process GET + read, bytes", "bdn.ClientOverhead.alloc", "Client_GetAsync_Content", "HttpClient_GetAsync_ReadBytes", "`HttpClient`", Kind.PlusAtMost, 1024),
        new("MockTransport, 100 routes", "bdn.MockRoutes.100", "Courier", "MockHttp", "MockHttp", Kind.SpeedAtLeast, 10),
        new("MockTransport, 1 route", "bdn.MockRoutes.1", "Courier", "Trivial", "trivial handler", Kind.SpeedAtLeast, 0.5),
        new("TestServerTransport + Courier client", "inproc.testhost", "CourierClientOverTestServerTransport", "TestServerHttpClient", "TestServer's `HttpClient`", Kind.TimeAtMost, 1.1),
        new("MockServer, 100 stubs, wrk HTTP/1.1", "mockserver.http1", "MockServer", "Kestrel", "bare Kestrel", Kind.SpeedAtLeast, 0.8),
        new("MockServer, 100 stubs, h2load h2c", "mockserver.h2c", "MockServer", "Kestrel", "bare Kestrel", Kind.SpeedAtLeast, 0.8),
        new("`courier mock` start to first response", "mockserver.start", "courier mock", "Kestrel", "bare Kestrel start", Kind.AtMost, 1),
        new("cassette load, 10 interactions", "bdn.CassetteLoad.10", "CourierCassetteLoad", "vcrpy", "vcrpy", Kind.SpeedAtLeast, 5),
        new("cassette load, 1,000 interactions", "bdn.CassetteLoad.1000", "CourierCassetteLoad", "vcrpy", "vcrpy", Kind.SpeedAtLeast, 5),
        new("cassette load, 10,000 interactions", "bdn.CassetteLoad.10000", "CourierCassetteLoad", "vcrpy", "vcrpy", Kind.SpeedAtLeast, 5),
    ];

    public string TargetText => Kind switch
    {
        Kind.SpeedAtLeast => Threshold < 1 ? $"≥ {Threshold.ToString("0.##", CultureInfo.InvariantCulture)}×" : $"≥ {Threshold.ToString("0.##", CultureInfo.InvariantCulture)}× faster",
        Kind.TimeAtMost => $"≤ {Threshold.ToString("0.##", CultureInfo.InvariantCulture)}× the time",
        Kind.PlusAtMost => $"≤ +{Threshold.ToString("N0", CultureInfo.InvariantCulture)}",
        _ => $"≤ {Threshold.ToString("0.##", CultureInfo.InvariantCulture)}",
    };

    /// <summary>The speed target as a plain ratio (higher is better), for the charts; null for absolute targets.</summary>
    public double? SpeedTarget => Kind switch
    {
        Kind.SpeedAtLeast => Threshold,
        Kind.TimeAtMost => 1 / Threshold,
        _ => null,
    };
}

/// <summary>A target evaluated against one results document.</summary>
internal sealed record Outcome(Target Target, double? Subject, double? Reference, string ReferenceName, string Unit, bool HigherIsBetter)
{
    public static Outcome Evaluate(Target t, Results results)
    {
        var w = results.Workload(t.Workload);
        var unit = (string?)w?["unit"] ?? "";
        var higher = (bool?)w?["higherIsBetter"] ?? true;
        var subject = results.Median(t.Workload, t.Subject);
        var (reference, name) = (null as double?, t.Reference ?? "");
        if (t.Reference is null)
        {
            return new Outcome(t, subject, null, name, unit, higher);
        }

        if (t.Reference == "httpx*")
        {
            // The faster of httpx sync and async (the fairer Python figure).
            foreach (var mode in new[] { "httpx sync", "httpx async" })
            {
                if (results.Median(t.Workload, mode) is { } v && (reference is null || v > reference))
                {
                    (reference, name) = (v, mode);
                }
            }
        }
        else if (t.Reference is not null)
        {
            reference = results.Median(t.Workload, t.Reference);
        }

        double? speed = null;
        (double Low, double High)? interval = null;
        if (subject is { } sv && reference is { } rv)
        {
            var (a, b) = (results.RoundValues(t.Workload, t.Subject), results.RoundValues(t.Workload, name));
            if (a.Count > 0 && a.Count == b.Count)
            {
                var ratios = a.Zip(b, (x, y) => higher ? x / y : y / x).ToList();
                speed = Collect.Median(ratios);
                interval = MedianInterval(ratios);
            }
            else
            {
                speed = higher ? sv / rv : rv / sv;
            }
        }

        return new Outcome(t, subject, reference, name, unit, higher) { Speed = speed, SpeedInterval = interval };
    }

    /// <summary>
    /// The 95% confidence interval of the median of <paramref name="values"/> (distribution-free: the order statistics
    /// n/2 ∓ 0.98·√n, 1-based), or null under six values (too few for any interval).
    /// </summary>
    public static (double Low, double High)? MedianInterval(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n < 6)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var half = 0.98 * Math.Sqrt(n);
        var low = Math.Max(1, (int)Math.Floor((n / 2.0) - half));
        var high = Math.Min(n, (int)Math.Ceiling(1 + (n / 2.0) + half));
        return (sorted[low - 1], sorted[high - 1]);
    }

    public bool Measured => Subject is not null && (Target.Reference is null || Reference is not null);

    /// <summary>
    /// The subject's speed relative to the reference (higher is better): the median of the per-round ratios when both
    /// ran the same rounds (each round measured them side by side), else the ratio of the medians.
    /// </summary>
    public double? Speed { get; init; }

    /// <summary>The 95% confidence interval of <see cref="Speed"/> when it is a median of side-by-side pairs.</summary>
    public (double Low, double High)? SpeedInterval { get; init; }

    /// <summary>
    /// Whether the 95% interval of a paired speed target lies across its threshold: the verdict then rests on where
    /// the median fell in this run, and another run may read the other way.
    /// </summary>
    public bool Straddles => Target.Kind == Kind.SpeedAtLeast && SpeedInterval is { } i && i.Low < Target.Threshold && i.High >= Target.Threshold;

    public double? Value => Target.Kind switch
    {
        Kind.SpeedAtLeast => Speed,
        Kind.TimeAtMost => Speed is { } v ? 1 / v : null,
        Kind.PlusAtMost => Measured ? Subject - Reference : null,
        _ => Subject,
    };

    public bool? Met => Value is not { } v ? null : Target.Kind switch
    {
        Kind.SpeedAtLeast => v >= Target.Threshold,
        _ => v <= Target.Threshold,
    };
}
