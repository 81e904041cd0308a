using System.Text;
using Courier.Mocking.Matching;

namespace Courier.Mocking.Diagnostics;

/// <summary>
/// Renders near misses as WireMock's plain-text report: a 119-column table, the route (expected) on the left, the
/// request (actual) on the right, and <c>&lt;&lt;&lt;&lt;&lt; … does not match</c> at the end of each failed line.
/// Matched lines carry no marker; body lines are shown only when they failed (as in WireMock).
/// </summary>
public static class NearMissRenderer
{
    private const int Width = 119;
    private const int Middle = (Width / 2) - 1;
    private const int ColumnWidth = (Width / 2) - 2;
    private const string Title = "Request was not matched";

    /// <summary>WireMock's report for one closest stub, byte for byte (<c>\n</c> line ends).</summary>
    public static string Render(string? stubName, PatternResult result, RequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder();
        WriteHeader(builder);
        WriteBlock(builder, "Closest stub", stubName, result, request);
        return builder.ToString();
    }

    /// <summary>A report with one block per near miss, closest first, each headed <paramref name="heading"/> and its number.</summary>
    public static string Render(IEnumerable<(string? Name, PatternResult Result)> nearMisses, RequestSnapshot request, string heading = "Closest route")
    {
        ArgumentNullException.ThrowIfNull(nearMisses);
        var builder = new StringBuilder();
        WriteHeader(builder);
        var number = 0;
        foreach (var (name, result) in nearMisses)
        {
            WriteBlock(builder, $"{heading} #{++number}", name, result, request);
        }

        return builder.ToString();
    }

    private static void WriteHeader(StringBuilder builder)
    {
        var padding = new string(' ', Middle - (Title.Length / 2));
        builder.Append('\n').Append(padding).Append(Title).Append('\n')
            .Append(padding).Append('=', Title.Length).Append('\n').Append('\n')
            .Append('-', Width).Append('\n');
    }

    private static void WriteBlock(StringBuilder builder, string heading, string? name, PatternResult result, RequestSnapshot request)
    {
        builder.Append('|').Append((" " + heading).PadRight(Middle)).Append('|').Append(" Request".PadRight(Middle)).Append("|\n")
            .Append('-', Width).Append('\n');
        WriteRow(builder, string.Empty, null, null);
        if (name is not null)
        {
            WriteLine(builder, name, string.Empty, null);
            WriteRow(builder, string.Empty, null, null);
        }

        var sections = result.Results.GroupBy(r => SectionOf(r.Matcher!)).OrderBy(g => g.Key).ToArray();
        foreach (var section in sections)
        {
            var printed = 0;
            foreach (var line in section)
            {
                if (line.IsMatch && !line.Matcher!.ShowWhenMatched)
                {
                    continue;
                }

                WriteLine(builder, line.Expected, line.Actual, line.IsMatch ? null : line.Matcher!.FailureMessage(request));
                printed++;
            }

            if (section.Key != Section.Body && (printed > 0 || section.Key == Section.Url))
            {
                WriteRow(builder, string.Empty, null, null);
            }
        }

        if (!sections.Any(s => s.Key == Section.Url))
        {
            WriteRow(builder, string.Empty, null, null);
        }

        WriteRow(builder, string.Empty, null, null);
        builder.Append('-', Width).Append('\n');
    }

    private static void WriteLine(StringBuilder builder, string left, string right, string? message)
    {
        var leftLines = Wrap(left);
        var rightLines = Wrap(right);
        var count = Math.Max(leftLines.Count, rightLines.Count);
        for (var i = 0; i < count; i++)
        {
            WriteRow(builder, i < leftLines.Count ? leftLines[i] : string.Empty, i < rightLines.Count ? rightLines[i] : string.Empty, i == 0 ? message : null);
        }
    }

    private static void WriteRow(StringBuilder builder, string left, string? right, string? message)
    {
        builder.Append(left.PadRight(Middle + 1)).Append('|');
        if (!string.IsNullOrEmpty(right))
        {
            builder.Append(' ');
            if (!string.IsNullOrEmpty(message))
            {
                builder.Append(right.PadRight(Middle - 6)).Append("<<<<< ").Append(message);
            }
            else
            {
                builder.Append(right);
            }
        }
        else if (!string.IsNullOrEmpty(message))
        {
            builder.Append(string.Empty.PadRight(Middle - 5)).Append("<<<<< ").Append(message);
        }

        builder.Append('\n');
    }

    private static List<string> Wrap(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw;
            while (line.Length > ColumnWidth)
            {
                var cut = line.LastIndexOf(' ', ColumnWidth);
                if (cut <= 0)
                {
                    lines.Add(line[..ColumnWidth]);
                    line = line[ColumnWidth..];
                }
                else
                {
                    lines.Add(line[..cut]);
                    line = line[(cut + 1)..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static Section SectionOf(RequestMatcher matcher) => matcher switch
    {
        MethodMatcher or UrlPartMatcher or PathMatcher => Section.Url,
        NamedValueMatcher { Source: NamedValueSource.Header } => Section.Headers,
        NamedValueMatcher { Source: NamedValueSource.Query } or QueryExactMatcher => Section.Query,
        NamedValueMatcher { Source: NamedValueSource.Cookie } => Section.Cookies,
        BodyMatcher or JsonBodyMatcher or JsonPathMatcher => Section.Body,
        _ => Section.Other,
    };

    private enum Section
    {
        Url,
        Headers,
        Query,
        Cookies,
        Other,
        Body,
    }
}
