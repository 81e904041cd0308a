using System.CommandLine;
using Courier.Mocking;
using Courier.Mocking.WireMock;

namespace Courier.Cli.Commands;

/// <summary>
/// <c>courier mock --mappings DIR [--port N] [--https] [--http2]</c>: runs a <see cref="MockServer"/> on 127.0.0.1 for
/// clients in any language, prints its URL, and stops cleanly on Ctrl+C.
/// </summary>
internal static class MockCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var mappings = new Option<DirectoryInfo?>("--mappings") { Description = "A WireMock root folder (mappings/ and __files/) to load." };
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (default: a free one)." };
        var https = new Option<bool>("--https") { Description = "Serve HTTPS with a generated certificate (its CA is written to a PEM file)." };
        var http2 = new Option<bool>("--http2") { Description = "Without --https: serve HTTP/2 cleartext (h2c) instead of HTTP/1.1." };
        var command = new Command("mock", "Run a stub server on 127.0.0.1 that answers from WireMock mappings (Ctrl+C stops it).")
        {
            mappings, port, https, http2,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new MockServerOptions
            {
                Port = parsed.GetValue(port),
                Https = parsed.GetValue(https),
                Http2 = parsed.GetValue(http2),
                MappingsDirectory = parsed.GetValue(mappings)?.FullName,
            };
            return await RunAsync(consoles, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsoles consoles, MockServerOptions options, CancellationToken cancellationToken)
    {
        string? caFile = null;
        try
        {
            // Registered before the URL is printed: a client that signals right after reading it must stop us cleanly.
            using var signals = new ShutdownSignals(cancellationToken);
            await using var server = await MockServer.StartAsync(options, signals.Token).ConfigureAwait(false);
            await consoles.Out.WriteLineAsync(server.Url.ToString()).ConfigureAwait(false);
            await consoles.Error.WriteLineAsync($"courier mock: {server.Stubs.Count} stub{(server.Stubs.Count == 1 ? string.Empty : "s")} loaded; unmatched requests get 404 with a near-miss report. Ctrl+C stops.").ConfigureAwait(false);
            if (server.CaCertificate is { } ca)
            {
                caFile = Path.Combine(Path.GetTempPath(), $"courier-mock-ca-{server.Port}.pem");
                await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem(), CancellationToken.None).ConfigureAwait(false);
                await consoles.Error.WriteLineAsync($"courier mock: trust the CA in {caFile} (curl --cacert {caFile})").ConfigureAwait(false);
            }

            await consoles.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, signals.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await consoles.Error.WriteLineAsync($"courier mock: stopped after {server.Requests.Count} request{(server.Requests.Count == 1 ? string.Empty : "s")}.").ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception ex) when (ex is WireMockMappingException or DirectoryNotFoundException or IOException or ArgumentException)
        {
            await consoles.Error.WriteLineAsync($"courier: error: mock: {ex.Message}").ConfigureAwait(false);
            return Failures.ExitCode;
        }
        finally
        {
            if (caFile is not null)
            {
                File.Delete(caFile);
            }
        }
    }
}
