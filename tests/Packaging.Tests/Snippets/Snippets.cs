using System.Text.RegularExpressions;
using Courier.TestUtils;

namespace Courier.PackagingTests.Snippets;

/// <summary>A <c>#region name</c> block of a file under docs/snippets/: the C# that the docs show.</summary>
/// <param name="Name">The region name, unique across docs/snippets.</param>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of <c>#region</c>.</param>
/// <param name="Text">The region's lines, common indentation removed, without leading or trailing blank lines.</param>
internal sealed record SnippetRegion(string Name, string File, int Line, string Text);

/// <summary>A <c>&lt;!-- snippet: name --&gt;</c> marker in a markdown file and the csharp block right after it.</summary>
/// <param name="Name">The region it must equal.</param>
/// <param name="File">The markdown file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the marker.</param>
/// <param name="Text">The block's content (null: no csharp block follows the marker).</param>
/// <param name="BodyStart">The 0-based line index of the first content line.</param>
/// <param name="BodyEnd">The 0-based line index of the closing fence.</param>
internal sealed record SnippetUse(string Name, string File, int Line, string? Text, int BodyStart, int BodyEnd);

/// <summary>Reads regions from docs/snippets/**/*.cs and snippet markers from docs/**/*.md and src/**/README.md.</summary>
internal static partial class Snippets
{
    public static string Root => Fixtures.RepoRoot;

    public static IReadOnlyList<SnippetRegion> Regions()
    {
        var found = new List<SnippetRegion>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "docs", "snippets"), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("#endregion", StringComparison.Ordinal));
                if (end < 0)
                {
                    throw new InvalidDataException($"{Relative(file)}:{i + 1}: #region {start.Groups[1].Value} has no #endregion.");
                }

                found.Add(new SnippetRegion(start.Groups[1].Value, Relative(file), i + 1, Dedent(lines[(i + 1)..end])));
                i = end;
            }
        }

        return found;
    }

    public static IReadOnlyList<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<SnippetUse> Uses(string markdownFile)
    {
        var lines = File.ReadAllLines(markdownFile);
        var uses = new List<SnippetUse>();
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = Marker().Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            var fence = i + 1;
            if (fence >= lines.Length || lines[fence].TrimEnd() != "```csharp")
            {
                uses.Add(new SnippetUse(marker.Groups[1].Value, Relative(markdownFile), i + 1, null, -1, -1));
                continue;
            }

            var close = Array.FindIndex(lines, fence + 1, l => l.TrimEnd() == "```");
            if (close < 0)
            {
                throw new InvalidDataException($"{Relative(markdownFile)}:{fence + 1}: the csharp block of snippet {marker.Groups[1].Value} is not closed.");
            }

            uses.Add(new SnippetUse(marker.Groups[1].Value, Relative(markdownFile), i + 1, string.Join("\n", lines[(fence + 1)..close]), fence + 1, close));
            i = close;
        }

        return uses;
    }

    /// <summary>Rewrites each marked block of <paramref name="markdownFile"/> with its region (the accept mode).</summary>
    public static void Rewrite(string markdownFile, IReadOnlyDictionary<string, SnippetRegion> regions)
    {
        var lines = File.ReadAllLines(markdownFile).ToList();
        foreach (var use in Uses(markdownFile).Where(u => u.Text is not null && regions.ContainsKey(u.Name)).Reverse())
        {
            lines.RemoveRange(use.BodyStart, use.BodyEnd - use.BodyStart);
            lines.InsertRange(use.BodyStart, regions[use.Name].Text.Split('\n'));
        }

        File.WriteAllText(markdownFile, string.Join("\n", lines) + "\n");
    }

    private static string Dedent(string[] lines)
    {
        var list = lines.Select(l => l.TrimEnd()).ToList();
        while (list.Count > 0 && list[0].Length == 0)
        {
            list.RemoveAt(0);
        }

        while (list.Count > 0 && list[^1].Length == 0)
        {
            list.RemoveAt(list.Count - 1);
        }

        var indent = list.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", list.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    private static string Relative(string path) => Path.GetRelativePath(Root, path);

    [GeneratedRegex(@"^\s*#region\s+(\S+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^<!--\s*snippet:\s*(\S+)\s*-->\s*$")]
    private static partial Regex Marker();
}
