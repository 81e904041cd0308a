namespace Courier.Cli;

/// <summary>The <c>courier</c> command: an httpx-style HTTP client for the terminal, plus its subcommands.</summary>
public static class Program
{
    /// <summary>Entry point: parses the arguments, runs the command and returns its exit code.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>0 for a 2xx final response, 1 otherwise (or on a transport error), 2 for a usage error.</returns>
    public static Task<int> Main(string[] args) => CommandTree.RunAsync(args, CliConsoles.FromProcess());
}
