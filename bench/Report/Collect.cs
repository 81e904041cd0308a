using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Courier.Bench.Report;

/// <summary>
/// Merges the raw outputs bench/run.sh leaves in its work folder into one results document: every workload with every
/// contender's per-round values and their median. Files it reads (each optional): network.json (bench/Network/Driver
/// --json), bdn-R/results/*.json (BenchmarkDotNet's JSON exporter, round R), testhost-interleaved.json (Courier.Benchmarks
/// interleaved-testhost), vcrpy-R.json, wrk-KIND-R.txt, h2load-KIND-R.txt, first-response.txt (seconds, one a line) or
/// hyperfine.json, notes.txt, tools.txt.
/// </summary>
internal static partial class Collect
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static JsonObject Run(string work, string mode, string command, string date)
    {
        var workloads = new Dictionary<string, JsonObject>();
        var notes = new JsonArray();
        var order = new List<string>();

        JsonObject Workload(string id, string group, string title, string unit, bool higherIsBetter)
        {
            if (!workloads.TryGetValue(id, out var w))
            {
                workloads[id] = w = new JsonObject { ["id"] = id, ["group"] = group, ["title"] = title, ["unit"] = unit, ["higherIsBetter"] = higherIsBetter, ["contenders"] = new JsonObject() };
                order.Add(id);
            }

            return w;
        }

        void Add(string id, string group, string title, string unit, bool higherIsBetter, string contender, double value)
        {
            var contenders = Workload(id, group, title, unit, higherIsBetter)["contenders"]!.AsObject();
            if (contenders[contender] is not JsonObject c)
            {
                contenders[contender] = c = new JsonObject { ["rounds"] = new JsonArray() };
            }

            c["rounds"]!.AsArray().Add(Math.Round(value, 3));
        }

        var networkFile = Path.Combine(work, "network.json");
        JsonNode? network = File.Exists(networkFile) ? JsonNode.Parse(File.ReadAllText(networkFile)) : null;
        if (network is not null)
        {
            foreach (var w in network["workloads"]!.AsArray())
            {
                var id = "net." + (string)w!["id"]!;
                foreach (var (contender, values) in w["values"]!.AsObject())
                {
                    foreach (var v in values!.AsArray())
                    {
                        Add(id, "network", (string)w["title"]!, (string)w["unit"]!, (bool)w["higherIsBetter"]!, contender, (double)v!);
                    }
                }
            }

            foreach (var n in network["notes"]!.AsArray())
            {
                notes.Add((string)n!);
            }
        }

        // BenchmarkDotNet: one folder per round; the per-round figure of a case is BenchmarkDotNet's median.
        foreach (var round in Directory.GetDirectories(work, "bdn-*").Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(round, "results"), "*.json"))
            {
                foreach (var b in JsonNode.Parse(File.ReadAllText(file))!["Benchmarks"]!.AsArray())
                {
                    var type = ((string)b!["Type"]!).Replace("Benchmarks", "", StringComparison.Ordinal).Replace("Benchmark", "", StringComparison.Ordinal);
                    var parameter = ((string?)b["Parameters"] ?? "").Split('=') is [_, var p] ? "." + p : "";
                    var id = $"bdn.{type}{parameter}";
                    var method = (string)b["Method"]!;
                    if (b["Statistics"] is JsonObject stats)
                    {
                        Add(id, "inprocess", type + parameter, "ns", false, method, (double)stats["Median"]!);
                    }

                    if (b["Memory"] is JsonObject memory)
                    {
                        Add(id + ".alloc", "inprocess", type + parameter + " allocated", "B", false, method, (double)memory["BytesAllocatedPerOperation"]!);
                    }
                }
            }
        }

        // The TestServer cases interleaved in rounds (Courier.Benchmarks interleaved-testhost): one value per case and round.
        var interleavedFile = Path.Combine(work, "testhost-interleaved.json");
        if (File.Exists(interleavedFile))
        {
            var t = JsonNode.Parse(File.ReadAllText(interleavedFile))!;
            foreach (var (contender, values) in t["values"]!.AsObject())
            {
                foreach (var v in values!.AsArray())
                {
                    Add((string)t["id"]!, "inprocess", (string)t["title"]!, (string)t["unit"]!, false, contender, (double)v!);
                }
            }
        }

        string? vcrpy = null;
        foreach (var file in Directory.GetFiles(work, "vcrpy-*.json").Order(StringComparer.Ordinal))
        {
            var v = JsonNode.Parse(File.ReadAllText(file))!;
            vcrpy = $"{(string)v["vcrpy"]!} ({(string)v["loader"]!})";
            foreach (var (size, ms) in v["load_ms"]!.AsObject())
            {
                Add($"bdn.CassetteLoad.{size}", "inprocess", $"CassetteLoad.{size}", "ns", false, "vcrpy", (double)ms! * 1e6);
            }

            foreach (var (size, us) in v["replay_us"]!.AsObject())
            {
                Add($"bdn.CassetteReplayLookup.{size}", "inprocess", $"CassetteReplayLookup.{size}", "ns", false, "vcrpy", (double)us! * 1e3);
            }
        }

        foreach (var (tool, id, title, pattern) in new[]
        {
            ("wrk", "mockserver.http1", "wrk -t1 -c32, HTTP/1.1", RequestsPerSecondWrk()),
            ("h2load", "mockserver.h2c", "h2load -t1 -c4 -m32, h2c", RequestsPerSecondH2load()),
        })
        {
            foreach (var file in Directory.GetFiles(work, $"{tool}-*.txt").Order(StringComparer.Ordinal))
            {
                var kind = Path.GetFileNameWithoutExtension(file).Split('-')[1];
                var match = pattern.Match(File.ReadAllText(file));
                if (match.Success)
                {
                    Add(id, "mockserver", title, "req/s", true, kind == "mock" ? "MockServer" : "Kestrel", double.Parse(match.Groups[1].Value, Inv));
                }
                else
                {
                    notes.Add($"{Path.GetFileName(file)}: no rate in the {tool} output (see the run's log).");
                }
            }
        }

        // Start-up: hyperfine-R.json (each command named courier-mock or kestrel), or first-response.txt ("name seconds").
        static string Starter(string name) => name == "kestrel" ? "Kestrel" : "courier mock";
        const string startTitle = "launch to first answered request";
        foreach (var file in Directory.GetFiles(work, "hyperfine-*.json").Order(StringComparer.Ordinal))
        {
            foreach (var result in JsonNode.Parse(File.ReadAllText(file))!["results"]!.AsArray())
            {
                Add("mockserver.start", "mockserver", startTitle + " (hyperfine)", "s", false, Starter((string)result!["command"]!), (double)result["median"]!);
            }
        }

        var firstResponse = Path.Combine(work, "first-response.txt");
        if (File.Exists(firstResponse))
        {
            foreach (var line in File.ReadAllLines(firstResponse).Where(l => l.Contains(' ', StringComparison.Ordinal)))
            {
                var (name, seconds) = (line[..line.IndexOf(' ', StringComparison.Ordinal)], line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
                Add("mockserver.start", "mockserver", startTitle, "s", false, Starter(name), double.Parse(seconds, Inv));
            }
        }

        foreach (var w in workloads.Values)
        {
            foreach (var (_, c) in w["contenders"]!.AsObject())
            {
                c!["median"] = Math.Round(Median([.. c["rounds"]!.AsArray().Select(v => (double)v!)]), 3);
            }
        }

        foreach (var file in new[] { "notes.txt" }.Select(f => Path.Combine(work, f)).Where(File.Exists))
        {
            foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0))
            {
                notes.Add(line);
            }
        }

        var tools = new JsonObject();
        var toolsFile = Path.Combine(work, "tools.txt");
        if (File.Exists(toolsFile))
        {
            foreach (var line in File.ReadAllLines(toolsFile).Where(l => l.Contains('=', StringComparison.Ordinal)))
            {
                tools[line[..line.IndexOf('=', StringComparison.Ordinal)]] = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
        }

        if (vcrpy is not null)
        {
            tools["vcrpy"] = vcrpy;
        }

        return new JsonObject
        {
            ["date"] = date,
            ["mode"] = mode,
            ["command"] = command,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["dotnet"] = Environment.Version.ToString(),
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["cpu"] = Cpu(),
                ["loadAverage"] = File.Exists(Path.Combine(work, "load.txt")) ? string.Join("; ", File.ReadAllLines(Path.Combine(work, "load.txt")).Where(l => l.Length > 0)) : null,
            },
            ["tools"] = tools,
            ["network"] = network is null ? null : new JsonObject
            {
                ["requests"] = (int)network["requests"]!,
                ["pythonRequests"] = (int)network["pythonRequests"]!,
                ["downloadBytes"] = (long)network["downloadBytes"]!,
                ["uploadBytes"] = (long)network["uploadBytes"]!,
                ["rounds"] = (int)network["rounds"]!,
                ["getRounds"] = (int?)network["getRounds"],
                ["leakCheckOpenConnections"] = network["leakCheckOpenConnections"]?.DeepClone(),
            },
            ["workloads"] = new JsonArray([.. order.Select(id => (JsonNode)workloads[id])]),
            ["notes"] = notes,
        };
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Cpu()
    {
        const string file = "/proc/cpuinfo";
        var line = File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecondWrk();

    [GeneratedRegex(@"finished in [0-9.]+m?s, ([0-9.]+) req/s")]
    private static partial Regex RequestsPerSecondH2load();
}
