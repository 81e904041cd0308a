using System.CommandLine;

namespace Courier.Cli;

/// <summary>A usage error: the messages and the usage line on stderr, exit code 2 (as httpx's command, via click).</summary>
internal static class UsageError
{
    public const int ExitCode = 2;

    public static int Report(CliConsoles consoles, ParseResult parsed, IEnumerable<string> messages)
    {
        var command = parsed.CommandResult.Command;
        var name = command.Parents.FirstOrDefault() is null ? "courier" : "courier " + command.Name;
        consoles.Error.WriteLine(command.Parents.FirstOrDefault() is null
            ? "Usage: courier [OPTIONS] URL    (or: courier demo)"
            : $"Usage: {name} [OPTIONS]");
        consoles.Error.WriteLine($"Try '{name} --help' for help.");
        consoles.Error.WriteLine();
        foreach (var message in messages)
        {
            consoles.Error.WriteLine("Error: " + message);
        }

        return ExitCode;
    }
}
