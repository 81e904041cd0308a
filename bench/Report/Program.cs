using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Bench.Report;

// bench/run.sh's report generator.
//   collect WORK_DIR MODE COMMAND RESULTS_JSON   merge the raw outputs of a run into one results document
//   render RESULTS_JSON PAGE_MD                   regenerate the page from benchmarks.template.md, charts into PAGE_DIR/img
// The page links the results file relative to itself; charts are drawn with gnuplot when it is installed.
switch (args)
{
    case ["collect", var work, var mode, var command, var output]:
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var document = Collect.Run(work, mode, command, date);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        Console.WriteLine($"report: wrote {output} ({document["workloads"]!.AsArray().Count} workloads)");
        return 0;
    case ["render", var resultsFile, var page]:
        var results = new Results(JsonNode.Parse(await File.ReadAllTextAsync(resultsFile))!.AsObject());
        var pageDir = Path.GetDirectoryName(Path.GetFullPath(page))!;
        var imageDir = Path.Combine(pageDir, "img");
        Directory.CreateDirectory(imageDir);
        var scratch = Path.Combine(Path.GetTempPath(), $"courier-report-{Environment.ProcessId}");
        try
        {
            var charts = Charts.Draw(results, imageDir, "img", scratch);
            var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "benchmarks.template.md"));
            var link = Path.GetRelativePath(pageDir, Path.GetFullPath(resultsFile)).Replace('\\', '/');
            await File.WriteAllTextAsync(page, Render.Page(template, results, link, charts));
            Console.WriteLine($"report: wrote {page} and {charts.Count(c => c.Value.StartsWith('!'))} charts in {imageDir}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: Courier.Bench.Report collect WORK MODE COMMAND RESULTS_JSON | render RESULTS_JSON PAGE_MD");
        return 2;
}
