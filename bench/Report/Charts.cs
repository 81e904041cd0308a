using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Courier.Bench.Report;

/// <summary>
/// The page's PNG charts, drawn by gnuplot (Debian gnuplot-nox, pngcairo): the measured ratios against their targets
/// (one chart for the limits near 1×, one log-scaled for the peers) and how cost grows with cassette size and route count.
/// Without gnuplot the charts are skipped and the page says so.
/// </summary>
internal static class Charts
{
    public static readonly int[] CassetteSizes = [10, 1_000, 10_000];
    public static readonly int[] RouteCounts = [1, 10, 100, 1_000];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Draws every chart into <paramref name="imageDir"/>; returns the markdown for each chart placeholder.</summary>
    public static Dictionary<string, string> Draw(Results r, string imageDir, string imageLink, string work)
    {
        var charts = new Dictionary<string, string>();
        var without = (Environment.GetEnvironmentVariable("COURIER_BENCH_WITHOUT") ?? "").Split(' ');
        var gnuplot = without.Contains("gnuplot") ? null : new[] { "/usr/bin/gnuplot", "/usr/local/bin/gnuplot" }.FirstOrDefault(File.Exists);
        Directory.CreateDirectory(work);
        var outcomes = Target.All.Select(t => Outcome.Evaluate(t, r)).Where(o => o.Target.SpeedTarget is not null && o.Speed is not null).ToList();
        var jobs = new (string Name, string Alt, string Script)[]
        {
            ("limits", "Courier's speed relative to its limits, with the targets", Bars(outcomes.Where(o => o.Target.SpeedTarget < 2).ToList(), work, "limits", "speed relative to the limit (1 = as fast)", log: false)),
            ("peers", "Courier's speed relative to its peers, with the targets (log scale)", Bars(outcomes.Where(o => o.Target.SpeedTarget >= 2).ToList(), work, "peers", "times faster than the peer (log scale)", log: true)),
            ("cassettes", "Cassette load and replay lookup time against the number of interactions", Cassettes(r, work)),
            ("routes", "Time per request against the number of routes: MockTransport, MockHttp, a trivial handler", Routes(r, work)),
        };
        foreach (var (name, alt, script) in jobs)
        {
            var png = Path.Combine(imageDir, name + ".png");
            if (gnuplot is null)
            {
                charts[name] = $"(Chart `{name}.png` not drawn: gnuplot is not installed; `apt-get install gnuplot-nox`.)";
                continue;
            }

            var gp = Path.Combine(work, name + ".gp");
            File.WriteAllText(gp, $"set terminal pngcairo size 1000,{(name is "limits" or "peers" ? 160 + (36 * outcomes.Count(o => (o.Target.SpeedTarget < 2) == (name == "limits"))) : 420)} font 'sans,10'\nset output '{png}'\n{script}");
            using var p = Process.Start(new ProcessStartInfo(gnuplot, [gp]) { RedirectStandardError = true, UseShellExecute = false })!;
            var error = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(30_000) || p.ExitCode != 0)
            {
                Console.Error.WriteLine($"report: gnuplot failed on {gp}: {error}");
                charts[name] = $"(Chart `{name}.png` not drawn: gnuplot failed.)";
                continue;
            }

            charts[name] = $"![{alt}]({imageLink}/{name}.png)";
        }

        return charts;
    }

    private static string Bars(List<Outcome> rows, string work, string name, string xlabel, bool log)
    {
        var data = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var o = rows[i];
            var label = $"{o.Target.Label} (vs {(o.Target.Reference == "httpx*" ? o.ReferenceName : o.Target.ReferenceLabel.Replace("`", "", StringComparison.Ordinal))})";
            data.Append(Inv, $"{i}\t{o.Speed!.Value:0.####}\t{o.Target.SpeedTarget!.Value:0.####}\t\"{label.Replace("\"", "'", StringComparison.Ordinal)}\"\t{(o.Met == true ? 0x2e8b57 : 0xcd3333)}\n");
        }

        var file = Path.Combine(work, name + ".dat");
        File.WriteAllText(file, data.ToString());
        var max = rows.Count == 0 ? 2 : rows.Max(o => Math.Max(o.Speed!.Value, o.Target.SpeedTarget!.Value));
        var min = rows.Count == 0 ? 0.5 : Math.Min(0.5, rows.Min(o => o.Speed!.Value) / 2);
        return $"""
            set datafile separator '\t'
            set style fill solid 0.8 noborder
            set key outside top center horizontal
            set grid xtics
            set xlabel '{xlabel}'
            set yrange [-0.6:{Math.Max(rows.Count, 1) - 0.4}]
            set ytics scale 0
            set lmargin 62
            {(log ? $"set logscale x\nset xrange [{min.ToString("0.###", Inv)}:{(max * 2).ToString("0", Inv)}]" : $"set xrange [0:{Math.Max(1.2, max * 1.1).ToString("0.##", Inv)}]")}
            {(rows.Count == 0 ? "set label 'not measured' at graph 0.5, graph 0.5 center\nplot NaN notitle" :
            $"plot '{file}' using 2:1:({(log ? min.ToString("0.###", Inv) : "0")}):2:($1-0.35):($1+0.35):5:ytic(4) with boxxyerror lc rgb variable title 'measured (green: target met)', \\\n     '' using 3:1 with points pt 9 ps 1.6 lc rgb 'black' title 'target', \\\n     '' using ($2>$3?$2:$3):1:(sprintf('%.2f×', $2)) with labels left offset 1.2,0 notitle")}
            """;
    }

    private static string Cassettes(Results r, string work)
    {
        var file = Path.Combine(work, "cassettes.dat");
        var data = new StringBuilder("# n courier_load_ms yaml_ms vcrpy_ms courier_replay_us vcrpy_replay_us\n");
        foreach (var n in CassetteSizes)
        {
            string V(string id, string c, double scale) => r.Median(id, c) is { } v ? (v / scale).ToString("0.####", Inv) : "NaN";
            data.Append(Inv, $"{n} {V($"bdn.CassetteLoad.{n}", "CourierCassetteLoad", 1e6)} {V($"bdn.CassetteLoad.{n}", "YamlDotNetRepresentationModel", 1e6)} {V($"bdn.CassetteLoad.{n}", "vcrpy", 1e6)} {V($"bdn.CassetteReplayLookup.{n}", "ReplayLastInteraction", 1e3)} {V($"bdn.CassetteReplayLookup.{n}", "vcrpy", 1e3)}\n");
        }

        File.WriteAllText(file, data.ToString());
        return $"""
            set multiplot layout 1,2
            set logscale xy
            set grid
            set key top left
            set xlabel 'interactions in the cassette'
            set xrange [5:20000]
            set title 'load (ms)'
            plot '{file}' using 1:2 with linespoints lw 2 pt 7 title 'Courier', '' using 1:3 with linespoints lw 2 pt 5 title 'YamlDotNet node tree', '' using 1:4 with linespoints lw 2 pt 9 title 'vcrpy'
            set title 'replay lookup of the last interaction (µs)'
            plot '{file}' using 1:5 with linespoints lw 2 pt 7 title 'Courier', '' using 1:6 with linespoints lw 2 pt 9 title 'vcrpy'
            unset multiplot
            """;
    }

    private static string Routes(Results r, string work)
    {
        var file = Path.Combine(work, "routes.dat");
        var data = new StringBuilder("# routes trivial_us mockhttp_us mocktransport_us\n");
        foreach (var n in RouteCounts)
        {
            string V(string c) => r.Median($"bdn.MockRoutes.{n}", c) is { } v ? (v / 1e3).ToString("0.####", Inv) : "NaN";
            data.Append(Inv, $"{n} {V("Trivial")} {V("MockHttp")} {V("Courier")}\n");
        }

        File.WriteAllText(file, data.ToString());
        return $"""
            set logscale xy
            set grid
            set key top left
            set xlabel 'routes registered (the request matches the last)'
            set ylabel 'time per request (µs)'
            set xrange [0.7:1500]
            plot '{file}' using 1:4 with linespoints lw 2 pt 7 title 'Courier MockTransport', '' using 1:3 with linespoints lw 2 pt 9 title 'RichardSzalay.MockHttp', '' using 1:2 with linespoints lw 2 pt 5 title 'trivial handler'
            """;
    }
}
