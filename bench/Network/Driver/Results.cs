using System.Globalization;
using System.Text.Json;

namespace Courier.Bench.Driver;

/// <summary>Every round of every contender per workload; written as JSON for bench/Report (which takes the medians).</summary>
internal sealed class Results(int requests, int pythonRequests, long download, long upload, int rounds, int getRounds)
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Workload> _workloads = [];

    public List<string> Notes { get; } = [];

    public int? LeakCheck { get; set; }

    public void Define(string id, string title, string unit, bool higherIsBetter = true)
    {
        var workload = Get(id);
        workload.Title = title;
        workload.Unit = unit;
        workload.HigherIsBetter = higherIsBetter;
    }

    public void Add(string id, string contender, double value)
    {
        var values = Get(id).Values;
        if (!values.TryGetValue(contender, out var list))
        {
            values[contender] = list = [];
        }

        list.Add(Math.Round(value, 2));
    }

    public int Count(string id, string contender) => _workloads.TryGetValue(id, out var w) && w.Values.TryGetValue(contender, out var v) ? v.Count : 0;

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public void PrintTable()
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| workload | unit | Courier | HttpClient | ratio | httpx sync | httpx async |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var w in _order.Select(id => _workloads[id]))
        {
            string Med(string name) => w.Values.TryGetValue(name, out var v) ? Median(v).ToString("N1", inv) : "-";
            // Side by side (the same number of values): the median of the pairs' ratios, as the report takes it.
            var ratio = w.Values.TryGetValue("Courier", out var c) && w.Values.TryGetValue("HttpClient", out var p)
                ? (c.Count == p.Count ? Median([.. c.Zip(p, (x, y) => x / y)]) : Median(c) / Median(p)).ToString("0.00", inv)
                : "-";
            Console.WriteLine($"| {w.Id} | {w.Unit} | {Med("Courier")} | {Med("HttpClient")} | {ratio} | {Med("httpx sync")} | {Med("httpx async")} |");
        }

        foreach (var note in Notes)
        {
            Console.WriteLine($"note: {note}");
        }
    }

    public async Task WriteJsonAsync(string path)
    {
        var document = new
        {
            requests,
            pythonRequests,
            downloadBytes = download,
            uploadBytes = upload,
            rounds,
            getRounds,
            cores = Environment.ProcessorCount,
            dotnet = Environment.Version.ToString(),
            workloads = _order.Select(id => _workloads[id]).Select(w => new { id = w.Id, title = w.Title, unit = w.Unit, higherIsBetter = w.HigherIsBetter, values = w.Values }),
            leakCheckOpenConnections = LeakCheck,
            notes = Notes,
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, new JsonSerializerOptions { WriteIndented = true });
    }

    private Workload Get(string id)
    {
        if (!_workloads.TryGetValue(id, out var workload))
        {
            _workloads[id] = workload = new Workload { Id = id };
            _order.Add(id);
        }

        return workload;
    }

    private sealed class Workload
    {
        public required string Id { get; init; }

        public string Title { get; set; } = "";

        public string Unit { get; set; } = "";

        public bool HigherIsBetter { get; set; } = true;

        public Dictionary<string, List<double>> Values { get; } = [];
    }
}
