using System.CommandLine;
using Courier.Cli.Demo;

namespace Courier.Cli.Commands;

/// <summary><c>courier demo</c>: starts a loopback server of its own, fetches the samples with the client and shows what happened.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var noColor = new Option<bool>("--no-color") { Description = "Plain output without colour." };
        var command = new Command("demo", "Run the client against an embedded loopback server (JSON, a redirect, a stream); no network needed.")
        {
            noColor,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var ink = consoles.CreateInk(parsed.GetValue(noColor));
            try
            {
                await using var source = await DemoSources.StartAsync(cancellationToken).ConfigureAwait(false);
                return await new DemoRunner(source, new ResponseRenderer(ink)).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                consoles.Error.WriteLine("courier: cancelled.");
                return Failures.CancelledExitCode;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ink.Flush();
                Failures.Report(consoles.Error, ex, verbose: false);
                return Failures.ExitCode;
            }
        });
        return command;
    }
}
