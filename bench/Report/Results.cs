using System.Globalization;
using System.Text.Json.Nodes;

namespace Courier.Bench.Report;

/// <summary>Read access to one results document (bench/results/&lt;date&gt;.json) and the number formats of the page.</summary>
internal sealed class Results(JsonObject root)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public JsonObject Root => root;

    public IEnumerable<JsonObject> Workloads => root["workloads"]!.AsArray().Select(w => w!.AsObject());

    public JsonObject? Workload(string id) => Workloads.FirstOrDefault(w => (string)w["id"]! == id);

    public double? Median(string workload, string contender) =>
        Workload(workload)?["contenders"]?[contender]?["median"] is { } m ? (double)m : null;

    public List<double> RoundValues(string workload, string contender) =>
        Workload(workload)?["contenders"]?[contender]?["rounds"]?.AsArray().Select(v => (double)v!).ToList() ?? [];

    public int Rounds(string workload, string contender) =>
        Workload(workload)?["contenders"]?[contender]?["rounds"]?.AsArray().Count ?? 0;

    /// <summary>A value in its unit, scaled for reading: ns → µs/ms/s, B → KB, rates with thousands separators.</summary>
    public static string Format(double? value, string unit)
    {
        if (value is not { } v)
        {
            return "n/a";
        }

        return unit switch
        {
            "ns" when v >= 1e9 => $"{(v / 1e9).ToString("0.00", Inv)} s",
            "ns" when v >= 1e6 => $"{(v / 1e6).ToString(v >= 1e8 ? "N0" : "0.0", Inv)} ms",
            "ns" when v >= 1e3 => $"{(v / 1e3).ToString(v >= 1e5 ? "N0" : "0.00", Inv)} µs",
            "ns" => $"{v.ToString("N0", Inv)} ns",
            "B" when v >= 1024 => $"{(v / 1024).ToString("0.00", Inv)} KB",
            "B" => $"{v.ToString("N0", Inv)} B",
            "s" => $"{v.ToString("0.000", Inv)} s",
            "MB" => $"{v.ToString("0.0", Inv)} MB",
            _ => $"{v.ToString(v >= 100 ? "N0" : "0.0", Inv)} {unit}",
        };
    }

    public static string Ratio(double? value) => value is { } v ? $"{v.ToString(v >= 10 ? "0" : "0.00", Inv)}×" : "—";
}
