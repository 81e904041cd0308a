using Spectre.Console;

namespace Courier.Cli;

/// <summary>
/// Writes styled lines to a Spectre console. With colour, text goes through Spectre (styled, wrapped at the console
/// width); without colour, it is written as-is to the console's writer (no escape codes, no wrapping), so piped
/// output is exactly the text.
/// </summary>
internal sealed class Ink(IAnsiConsole console, bool color)
{
    public IAnsiConsole Console { get; } = console;

    public bool Color { get; } = color;

    /// <summary>Writes the parts, then a line break.</summary>
    public void Line(params Part[] parts)
    {
        Write(parts);
        if (Color)
        {
            Console.WriteLine();
        }
        else
        {
            Console.Profile.Out.Writer.WriteLine();
        }
    }

    /// <summary>Writes the parts (which may hold line breaks) without a final line break.</summary>
    public void Write(IReadOnlyList<Part> parts)
    {
        if (!Color)
        {
            // One write per call: stdout may flush on every write, and a big JSON body has many parts.
            Console.Profile.Out.Writer.Write(string.Concat(parts.Select(p => p.Text)));
            return;
        }

        var paragraph = new Paragraph();
        foreach (var part in parts)
        {
            paragraph.Append(part.Text, part.Style ?? Style.Plain);
        }

        Console.Write(paragraph);
    }

    public void Flush() => Console.Profile.Out.Writer.Flush();
}

/// <summary>A piece of text with an optional style.</summary>
internal readonly record struct Part(string Text, Style? Style = null)
{
    public static implicit operator Part(string text) => new(text);
}

/// <summary>The palette (standard colours only, so every terminal shows it).</summary>
internal static class Palette
{
    public static readonly Style Version = new(Spectre.Console.Color.Blue);
    public static readonly Style Success = new(Spectre.Console.Color.Green, decoration: Decoration.Bold);
    public static readonly Style Redirect = new(Spectre.Console.Color.Yellow, decoration: Decoration.Bold);
    public static readonly Style Failure = new(Spectre.Console.Color.Red, decoration: Decoration.Bold);
    public static readonly Style HeaderName = new(Spectre.Console.Color.Aqua);
    public static readonly Style RequestLine = new(Spectre.Console.Color.Fuchsia);
    public static readonly Style Dim = new(Spectre.Console.Color.Grey);
    public static readonly Style JsonKey = new(Spectre.Console.Color.Blue, decoration: Decoration.Bold);
    public static readonly Style JsonString = new(Spectre.Console.Color.Green);
    public static readonly Style JsonNumber = new(Spectre.Console.Color.Aqua);
    public static readonly Style JsonLiteral = new(Spectre.Console.Color.Yellow);

    public static Style ForStatus(int status) => status switch
    {
        < 300 => Success,
        < 400 => Redirect,
        _ => Failure,
    };
}
