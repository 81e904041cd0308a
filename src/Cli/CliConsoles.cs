using Spectre.Console;

namespace Courier.Cli;

/// <summary>
/// Where the command writes: stdout and stderr writers, and how stdout is rendered (colour, width, live progress).
/// Colour is on when stdout is a terminal, unless <c>--no-color</c> or <c>NO_COLOR</c>; <c>FORCE_COLOR</c> turns it on
/// for a pipe. <c>COLUMNS</c> forces the terminal width.
/// </summary>
internal sealed record CliConsoles(TextWriter Out, TextWriter Error, bool Color, int Width, bool Interactive)
{
    public static CliConsoles FromProcess()
    {
        var redirected = Console.IsOutputRedirected;
        var color = Environment.GetEnvironmentVariable("NO_COLOR") is not { Length: > 0 }
            && (!redirected || Environment.GetEnvironmentVariable("FORCE_COLOR") is { Length: > 0 } force && force != "0");
        var width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0
            ? columns
            : redirected ? 80 : SafeWindowWidth();
        return new CliConsoles(Console.Out, Console.Error, color, width, Interactive: !redirected);
    }

    /// <summary>The renderer for stdout (no colour when <paramref name="noColor"/>).</summary>
    public Ink CreateInk(bool noColor) => new(CreateConsole(Out, Color && !noColor, Width, Interactive), Color && !noColor);

    /// <summary>A Spectre console over <paramref name="writer"/> with explicit settings (also used by tests).</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer, bool color, int width, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        return console;
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
