using System.Globalization;
using System.Text;

namespace Courier.Bench.Report;

/// <summary>Fills the placeholders of benchmarks.template.md (<c>{{name}}</c>) with tables built from a results document.</summary>
internal static class Render
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Page(string template, Results r, string resultsLink, IReadOnlyDictionary<string, string> charts)
    {
        var parts = new Dictionary<string, Func<string>>
        {
            ["meta"] = () => Meta(r, resultsLink),
            ["summary"] = () => Summary(r),
            ["network"] = () => Network(r),
            ["network-same"] = () => SameRequest(r),
            ["inprocess"] = () => Cases(r, "bdn.ClientOverhead", "HttpClient_GetAsync_ReadBytes") + "\n\n" + Cases(r, "bdn.TestHost", "TestServerHttpClient"),
            ["testhost"] = () => Interleaved(r, "inproc.testhost", "TestServerHttpClient"),
            ["routes"] = () => Routes(r),
            ["mockserver"] = () => MockServer(r),
            ["cassettes"] = () => Cassettes(r),
            ["notes"] = () => Notes(r),
        };
        foreach (var (name, image) in charts)
        {
            parts["chart-" + name] = () => image;
        }

        var page = template;
        foreach (var (name, make) in parts)
        {
            page = page.Replace("{{" + name + "}}", make(), StringComparison.Ordinal);
        }

        return page;
    }

    private static string Meta(Results r, string resultsLink)
    {
        var root = r.Root;
        var m = root["machine"]!;
        var tools = string.Join(", ", root["tools"]!.AsObject().Select(t => $"{t.Key} {(string?)t.Value}"));
        return $"Measured {(string)root["date"]!} by `{(string)root["command"]!}` ({(string)root["mode"]!} mode) on {(int)m["cores"]!} cores " +
            $"({(string)m["cpu"]!}), .NET {(string)m["dotnet"]!}, {(string)m["os"]!}" +
            (m["loadAverage"] is { } load ? $", load average (1/5/15 min) {(string)load!}" : "") +
            $". Tools: {(tools.Length == 0 ? "none recorded" : tools)}. " +
            $"Every value below is the median over the rounds; all rounds are in [{Path.GetFileName(resultsLink)}]({resultsLink})." +
            ((string)root["mode"]! == "quick" ? "\n\n**Quick mode, a smoke test: small workloads and BenchmarkDotNet's dry job (one cold call per case); these figures say nothing about speed.**" : "");
    }

    private static string Summary(Results r)
    {
        var sb = new StringBuilder("| workload | Courier | peer / limit | ratio | target | met? |\n| --- | ---: | ---: | ---: | --- | --- |\n");
        foreach (var o in Target.All.Select(t => Outcome.Evaluate(t, r)))
        {
            var t = o.Target;
            var reference = t.Reference is null ? "—" : $"{(t.Reference == "httpx*" ? o.ReferenceName : t.ReferenceLabel)} {Results.Format(o.Reference, o.Unit)}";
            var ratio = t.Kind switch
            {
                Kind.SpeedAtLeast => Results.Ratio(o.Value) + (o.SpeedInterval is { } i && o.Target.Threshold < 2 ? $" ({i.Low.ToString("0.00", Inv)}–{i.High.ToString("0.00", Inv)})" : ""),
                Kind.TimeAtMost => o.Value is { } v ? $"{v.ToString("0.00", Inv)}× the time" : "—",
                Kind.PlusAtMost => o.Value is { } d ? $"{(d >= 0 ? "+" : "")}{Results.Format(d, o.Unit)}" : "—",
                _ => o.Speed is { } sp ? $"{(1 / sp).ToString("0.00", Inv)}× the time" : "—",
            };
            var target = t.Kind == Kind.PlusAtMost ? $"≤ +{Results.Format(t.Threshold, o.Unit)}" : t.Kind == Kind.AtMost ? $"≤ {Results.Format(t.Threshold, o.Unit)}" : t.TargetText;
            var met = o.Met switch { true => "yes", false => "**no**", null => "not measured" } + (o.Straddles ? " (within its interval)" : "");
            sb.Append(Inv, $"| {t.Label} | {Results.Format(o.Subject, o.Unit)} | {reference} | {ratio} | {target} | {met} |\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Network(Results r)
    {
        string[] contenders = ["Courier", "HttpClient", "httpx sync", "httpx async"];
        var sb = new StringBuilder("| workload | Courier | `HttpClient` | Courier / `HttpClient` | httpx sync | httpx async | Courier / best httpx | rounds |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var w in r.Workloads.Where(w => (string)w["group"]! == "network"))
        {
            var id = (string)w["id"]!;
            var unit = (string)w["unit"]!;
            var higher = (bool)w["higherIsBetter"]!;
            var v = contenders.Select(c => r.Median(id, c)).ToArray();
            double? Lead(double? a, double? b) => a is { } x && b is { } y ? (higher ? x / y : y / x) : null;
            var bestPython = new[] { v[2], v[3] }.Where(x => x is not null).DefaultIfEmpty(null).Max();
            var versus = unit == "MB" ? (v[0] - v[1]) is { } d ? $"{(d >= 0 ? "+" : "")}{d.ToString("0.0", Inv)} MB" : "—" : Results.Ratio(Lead(v[0], v[1]));
            sb.Append(Inv, $"| {(string)w["title"]!} ({unit}) | {Results.Format(v[0], unit)} | {Results.Format(v[1], unit)} | {versus} | {Results.Format(v[2], unit)} | {Results.Format(v[3], unit)} | {(unit == "MB" ? "—" : Results.Ratio(Lead(v[0], bestPython)))} | {r.Rounds(id, "Courier")} |\n");
        }

        var net = r.Root["network"];
        if (net is not null)
        {
            sb.Append(Inv, $"\nPython's httpx ran {(int)net["pythonRequests"]!:N0} GETs per workload and round (its rate does not depend on the count; the .NET clients ran {(int)net["requests"]!:N0}).");
            if (net["leakCheckOpenConnections"] is { } open)
            {
                sb.Append(Inv, $" Leak check: after the streamed GETs disposed half-read or cancelled mid-body, the server saw {(int)open} connections open (`MaxConnections` 8).");
            }
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>
    /// The GET workloads' context: <c>HttpClient_SameRequest</c> is the plain client sending Courier's three default
    /// headers, run in the same slices. Each column is the median (and quartiles) of the side-by-side slice ratios.
    /// </summary>
    private static string SameRequest(Results r)
    {
        const string Same = "HttpClient_SameRequest";
        var rows = r.Workloads.Where(w => (string)w["group"]! == "network" && w["contenders"]?[Same] is not null).ToList();
        if (rows.Count == 0)
        {
            return "(The same-request context was not measured in this run.)";
        }

        var sb = new StringBuilder("| workload | Courier ÷ `HttpClient` (the target) | Courier ÷ `HttpClient` sending the same request | `HttpClient` with the headers ÷ without | slice pairs |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var w in rows)
        {
            var id = (string)w["id"]!;
            string Pairs(string a, string b)
            {
                var (left, right) = (r.RoundValues(id, a), r.RoundValues(id, b));
                if (left.Count != right.Count)
                {
                    // Not run side by side (results merged from different runs): no pairs to take.
                    return "—";
                }

                var ratios = left.Zip(right, (x, y) => x / y).Order().ToList();
                string At(double q) => ratios[(int)Math.Round(q * (ratios.Count - 1))].ToString("0.00", Inv);
                return ratios.Count == 0 ? "—" : $"{Collect.Median(ratios).ToString("0.00", Inv)} ({At(0.25)}–{At(0.75)})";
            }

            sb.Append(Inv, $"| {(string)w["title"]!} | {Pairs("Courier", "HttpClient")} | {Pairs("Courier", Same)} | {Pairs(Same, "HttpClient")} | {r.Rounds(id, Same)} |\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Cases(Results r, string id, string baseline)
    {
        var w = r.Workload(id);
        if (w is null)
        {
            return $"({id[4..]}: not measured in this run.)";
        }

        var sb = new StringBuilder($"| {id[4..]} | median time | ratio | allocated | vs baseline |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var (name, _) in w["contenders"]!.AsObject())
        {
            var time = r.Median(id, name);
            var bytes = r.Median(id + ".alloc", name);
            var baseTime = r.Median(id, baseline);
            var baseBytes = r.Median(id + ".alloc", baseline);
            var plus = bytes - baseBytes;
            sb.Append(Inv, $"| `{name}`{(name == baseline ? " (baseline)" : "")} | {Results.Format(time, "ns")} | {(time / baseTime is { } q ? q.ToString("0.00", Inv) : "—")} | {Results.Format(bytes, "B")} | {(plus is { } p ? (p >= 0 ? "+" : "-") + Results.Format(Math.Abs(p), "B") : "—")} |\n");
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Cases measured side by side in rounds: each case's median, and the quartiles of its per-round ratios to the baseline.</summary>
    private static string Interleaved(Results r, string id, string baseline)
    {
        var w = r.Workload(id);
        if (w is null)
        {
            return $"({id}: not measured in this run.)";
        }

        var sb = new StringBuilder("| case | median time | per-round ratio: median | lower quartile | upper quartile | rounds |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        var reference = r.RoundValues(id, baseline);
        foreach (var (name, _) in w["contenders"]!.AsObject())
        {
            var ratios = r.RoundValues(id, name).Zip(reference, (x, y) => x / y).Order().ToList();
            string At(double q) => ratios.Count == 0 ? "—" : ratios[(int)Math.Round(q * (ratios.Count - 1))].ToString("0.00", Inv);
            sb.Append(Inv, $"| `{name}`{(name == baseline ? " (baseline)" : "")} | {Results.Format(r.Median(id, name), "ns")} | {(ratios.Count == 0 ? "—" : Collect.Median(ratios).ToString("0.00", Inv))} | {At(0.25)} | {At(0.75)} | {ratios.Count} |\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Routes(Results r)
    {
        var sb = new StringBuilder("| routes | trivial handler | MockHttp | MockTransport | MockTransport vs MockHttp | MockTransport allocated | MockHttp allocated |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var n in Charts.RouteCounts)
        {
            var id = $"bdn.MockRoutes.{n}";
            var (t, m, c) = (r.Median(id, "Trivial"), r.Median(id, "MockHttp"), r.Median(id, "Courier"));
            sb.Append(Inv, $"| {n:N0} | {Results.Format(t, "ns")} | {Results.Format(m, "ns")} | {Results.Format(c, "ns")} | {Results.Ratio(m / c)} faster | {Results.Format(r.Median(id + ".alloc", "Courier"), "B")} | {Results.Format(r.Median(id + ".alloc", "MockHttp"), "B")} |\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string MockServer(Results r)
    {
        var sb = new StringBuilder("| load | bare Kestrel | MockServer, 100 stubs | ratio | rounds |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var id in new[] { "mockserver.http1", "mockserver.h2c" })
        {
            var (k, m) = (r.Median(id, "Kestrel"), r.Median(id, "MockServer"));
            sb.Append(Inv, $"| {(string?)r.Workload(id)?["title"] ?? id + " (not measured)"} | {Results.Format(k, "req/s")} | {Results.Format(m, "req/s")} | {Results.Ratio(m / k)} | {r.Rounds(id, "MockServer")} |\n");
        }

        var start = r.Workload("mockserver.start");
        string Runs(string c) => string.Join(", ", r.RoundValues("mockserver.start", c).Select(v => v.ToString("0.000", Inv)));
        sb.Append(start is null
            ? "\n`courier mock` start to first response: not measured."
            : $"\n`courier mock` start to first response ({(string)start["title"]!}): median {Results.Format(r.Median("mockserver.start", "courier mock"), "s")} (rounds: {Runs("courier mock")} s); " +
              $"a bare Kestrel endpoint in the same rounds: {Results.Format(r.Median("mockserver.start", "Kestrel"), "s")} (rounds: {Runs("Kestrel")} s).");
        return sb.ToString();
    }

    private static string Cassettes(Results r)
    {
        var sb = new StringBuilder("| interactions | Courier load | YamlDotNet node tree | vcrpy load | Courier vs vcrpy | YamlDotNet floor vs vcrpy | Courier replay lookup | vcrpy replay lookup | Courier vs vcrpy |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var n in Charts.CassetteSizes)
        {
            var (load, replay) = ($"bdn.CassetteLoad.{n}", $"bdn.CassetteReplayLookup.{n}");
            var (c, y, v) = (r.Median(load, "CourierCassetteLoad"), r.Median(load, "YamlDotNetRepresentationModel"), r.Median(load, "vcrpy"));
            var (cr, vr) = (r.Median(replay, "ReplayLastInteraction"), r.Median(replay, "vcrpy"));
            sb.Append(Inv, $"| {n:N0} | {Results.Format(c, "ns")} | {Results.Format(y, "ns")} | {Results.Format(v, "ns")} | {Results.Ratio(v / c)} | {Results.Ratio(v / y)} | {Results.Format(cr, "ns")} | {Results.Format(vr, "ns")} | {Results.Ratio(vr / cr)} |\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Notes(Results r)
    {
        var notes = r.Root["notes"]!.AsArray().Select(n => (string)n!).ToList();
        return notes.Count == 0 ? "None: every workload ran." : string.Join("\n", notes.Select(n => "- " + n));
    }
}
