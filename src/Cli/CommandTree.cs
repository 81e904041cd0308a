using System.CommandLine;
using System.CommandLine.Help;
using Courier.Cli.Commands;

namespace Courier.Cli;

/// <summary>
/// The command tree, assembled in one place: the root command sends a request (<c>courier URL …</c>), and each
/// subcommand lives in its own file under <c>Commands/</c> and is registered here (demo, mock, record, replay, cassette).
/// </summary>
internal static class CommandTree
{
    public static Command Build(CliConsoles consoles)
    {
        // A plain Command rather than RootCommand, so help and usage say "courier" whatever the assembly is called.
        var root = new Command("courier", "courier: an httpx-style HTTP client. Sends a request to URL and shows the response.")
        {
            new HelpOption("--help"), // -h is --headers (as in httpx), so help answers to --help only.
            new VersionOption(),
        };
        RequestCommand.Configure(root, consoles);

        // Subcommands: one file each, one line here.
        root.Subcommands.Add(DemoCommand.Create(consoles));
        root.Subcommands.Add(MockCommand.Create(consoles));
        root.Subcommands.Add(RecordCommand.Create(consoles));
        root.Subcommands.Add(ReplayCommand.Create(consoles));
        root.Subcommands.Add(CassetteCommand.Create(consoles));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsoles consoles)
    {
        var root = Build(consoles);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            return UsageError.Report(consoles, parsed, parsed.Errors.Select(e => e.Message));
        }

        var invocation = new InvocationConfiguration
        {
            Output = consoles.Out,
            Error = consoles.Error,
            // Ctrl+C and SIGTERM cancel the action's token (a download then deletes its temp file). A configuration
            // made with `new` has no timeout, which would leave the signals unhandled, so it is set here.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(5),
        };
        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
