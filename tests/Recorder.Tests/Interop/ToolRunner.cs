using System.Diagnostics;
using System.Text.Json;
using Courier.TestUtils;

namespace Courier.RecorderTests.Interop;

/// <summary>Runs Debian's python3 (with vcr and requests) or ruby (with vcr and webmock) on a script written to a temp folder.</summary>
internal static class ToolRunner
{
    public static string RequirePython()
    {
        // The python3 on PATH may be a pyenv one without the Debian modules; Debian's is /usr/bin/python3.
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || Run(python, ["-c", "import vcr, requests"], Path.GetTempPath(), TimeSpan.FromSeconds(60)).ExitCode != 0)
        {
            Assert.Ignore("Needs Debian's /usr/bin/python3 with the vcr and requests modules (packages python3-vcr, python3-requests); .ci/run installs them.");
        }

        return python;
    }

    public static string RequireRuby()
    {
        var ruby = Tools.Require("ruby", "ruby");
        if (Run(ruby, ["-e", "require 'vcr'; require 'webmock'"], Path.GetTempPath(), TimeSpan.FromSeconds(60)).ExitCode != 0)
        {
            Assert.Ignore("Needs ruby with the vcr and webmock gems (Debian packages ruby-vcr, ruby-webmock); .ci/run installs them.");
        }

        return ruby;
    }

    /// <summary>Writes <paramref name="script"/> to <paramref name="dir"/>, runs it with the arguments, and parses its stdout as JSON.</summary>
    public static JsonElement RunScript(string interpreter, string fileName, string script, string dir, params string[] args)
    {
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, script);
        var (code, stdout, stderr) = Run(interpreter, [path, .. args], dir, TimeSpan.FromSeconds(120));
        code.ShouldBe(0, $"{interpreter} {fileName} failed:\n{stderr}\n{stdout}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string file, string[] args, string dir, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment.Remove("http_proxy");
        start.Environment.Remove("HTTP_PROXY");
        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {timeout.TotalSeconds} s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
