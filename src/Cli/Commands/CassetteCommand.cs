using System.CommandLine;
using System.Text.Json;
using Courier.Recorder;
using Courier.Recorder.Conversion;

namespace Courier.Cli.Commands;

/// <summary>
/// <c>courier cassette lint FILE [--json]</c> (secrets by place, stale Content-Length, unreadable bodies, format errors;
/// exit 0 clean, 1 findings, 2 unreadable file) and <c>courier cassette convert FILE --to har|vcrpy|ruby [--output FILE]</c>.
/// </summary>
internal static class CassetteCommand
{
    public static Command Create(CliConsoles consoles) => new("cassette", "Check or convert cassette files (vcrpy, Ruby VCR, Betamax).")
    {
        Lint(consoles),
        Convert(consoles),
    };

    private static Command Lint(CliConsoles consoles)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The cassette to check." };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON." };
        var command = new Command("lint", "Report secrets (never their values), stale Content-Length headers, unreadable bodies and format errors. Exit 0 clean, 1 findings, 2 unreadable file.")
        {
            file, json,
        };
        command.SetAction(async (parsed, _) =>
        {
            var path = parsed.GetValue(file)!.FullName;
            LintReport report;
            try
            {
                report = CassetteLinter.Lint(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await consoles.Error.WriteLineAsync($"courier: error: cassette lint: cannot read {path}: {ex.Message}").ConfigureAwait(false);
                return UsageError.ExitCode;
            }

            if (parsed.GetValue(json))
            {
                await consoles.Out.WriteLineAsync(ToJson(report)).ConfigureAwait(false);
            }
            else
            {
                foreach (var finding in report.Findings)
                {
                    await consoles.Out.WriteLineAsync($"{report.Path}:{finding.Line}: {Name(finding.Kind)}: {finding.Message}").ConfigureAwait(false);
                }

                await consoles.Error.WriteLineAsync(report.IsClean
                    ? $"courier cassette lint: {report.Path}: {report.Interactions} interaction(s), no findings."
                    : $"courier cassette lint: {report.Path}: {report.Findings.Count} finding(s) in {report.Interactions} interaction(s).").ConfigureAwait(false);
            }

            return report.IsClean ? 0 : 1;
        });
        return command;
    }

    private static Command Convert(CliConsoles consoles)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The cassette to convert (vcrpy YAML or JSON, Ruby VCR, Betamax)." };
        var to = new Option<string>("--to") { Description = "The format to write: har, vcrpy or ruby.", Required = true };
        to.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && CassetteConverter.ParseFormat(value) is null)
            {
                result.AddError($"--to '{value}' is not a format; use har, vcrpy or ruby.");
            }
        });
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE (atomically) instead of stdout." };
        var command = new Command("convert", "Convert a cassette to HAR 1.2, vcrpy YAML or Ruby VCR YAML (bodies stay byte-exact).")
        {
            file, to, output,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var input = parsed.GetValue(file)!.FullName;
            var format = CassetteConverter.ParseFormat(parsed.GetValue(to)!)!.Value;
            try
            {
                if (parsed.GetValue(output) is { } target)
                {
                    var cassette = await CassetteConverter.ConvertFileAsync(input, target.FullName, format, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await consoles.Error.WriteLineAsync($"courier cassette convert: wrote {cassette.Interactions.Count} interaction(s) from {input} ({cassette.Dialect}) to {target.FullName} ({format}).").ConfigureAwait(false);
                    return 0;
                }

                var loaded = Cassette.Load(input) ?? throw new CassetteFormatException(input, 0, File.Exists(input) ? "the file is empty: there is no cassette to convert" : "the file does not exist");
                await consoles.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                var stdout = Console.OpenStandardOutput();
                await using (stdout.ConfigureAwait(false))
                {
                    CassetteConverter.Write(loaded, format, stdout);
                    await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                return 0;
            }
            catch (Exception ex) when (ex is CassetteFormatException or IOException or UnauthorizedAccessException)
            {
                await consoles.Error.WriteLineAsync($"courier: error: cassette convert: {ex.Message}").ConfigureAwait(false);
                return UsageError.ExitCode;
            }
        });
        return command;
    }

    private static string Name(LintKind kind) => kind switch
    {
        LintKind.Secret => "secret",
        LintKind.StaleContentLength => "stale-content-length",
        LintKind.UnreadableBody => "unreadable-body",
        _ => "format",
    };

    private static string ToJson(LintReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", report.Path);
            w.WriteNumber("interactions", report.Interactions);
            w.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                w.WriteStartObject();
                w.WriteString("kind", Name(finding.Kind));
                w.WriteNumber("line", finding.Line);
                if (finding.Interaction is { } number)
                {
                    w.WriteNumber("interaction", number);
                }

                w.WriteString("message", finding.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
