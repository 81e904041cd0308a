namespace Courier.PackagingTests.Snippets;

/// <summary>Every ```csharp block marked <c>&lt;!-- snippet: name --&gt;</c> in the docs equals the <c>#region name</c> of a
/// file under docs/snippets/ — which this project compiles (and partly runs), so the docs cannot rot.
/// <c>COURIER_ACCEPT_SNIPPETS=1 dotnet test tests/Packaging.Tests --filter Category=Docs</c> copies the regions into the
/// markdown.</summary>
[Category("Docs")]
public sealed class SnippetSyncTests
{
    private const string AcceptCommand = "COURIER_ACCEPT_SNIPPETS=1 dotnet test tests/Packaging.Tests --filter Category=Docs";

    [Test]
    public void RegionNames_AreUnique()
    {
        var duplicates = Snippets.Regions().GroupBy(r => r.Name).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(r => $"{r.File}:{r.Line}"))}").ToList();

        duplicates.ShouldBeEmpty("snippet region names must be unique across docs/snippets");
    }

    [Test]
    public void EveryMarkedBlock_EqualsItsRegion()
    {
        var regions = Snippets.Regions().GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First());
        if (Environment.GetEnvironmentVariable("COURIER_ACCEPT_SNIPPETS") == "1")
        {
            foreach (var file in Snippets.MarkdownFiles())
            {
                Snippets.Rewrite(file, regions);
            }
        }

        var problems = new List<string>();
        foreach (var use in Snippets.MarkdownFiles().SelectMany(Snippets.Uses))
        {
            if (!regions.TryGetValue(use.Name, out var region))
            {
                problems.Add($"{use.File}:{use.Line}: snippet '{use.Name}' has no '#region {use.Name}' under docs/snippets/.");
            }
            else if (use.Text is null)
            {
                problems.Add($"{use.File}:{use.Line}: snippet '{use.Name}' is not followed by a ```csharp block.");
            }
            else if (use.Text != region.Text)
            {
                problems.Add($"{use.File}:{use.Line}: snippet '{use.Name}' differs from its region in {region.File}:{region.Line}: {FirstDifference(region.Text, use.Text)}");
            }
        }

        if (problems.Count > 0)
        {
            Assert.Fail(string.Join("\n", problems) + $"\nEdit the region (it is compiled) and copy it into the markdown with:\n  {AcceptCommand}");
        }
    }

    [Test]
    public void EveryRegion_IsShownSomewhere()
    {
        var used = Snippets.MarkdownFiles().SelectMany(Snippets.Uses).Select(u => u.Name).ToHashSet();

        Snippets.Regions().Where(r => !used.Contains(r.Name)).Select(r => $"{r.File}:{r.Line} #region {r.Name}")
            .ShouldBeEmpty("regions no markdown shows (add <!-- snippet: name --> and a ```csharp block, or remove the region)");
    }

    [Test]
    public void MigrationGuides_EachShowCompiledSnippets_AndAreLinkedFromTheIndex()
    {
        var index = File.ReadAllText(Path.Combine(Snippets.Root, "docs", "index.md"));
        var guides = Directory.GetFiles(Path.Combine(Snippets.Root, "docs", "migration"), "*.md");

        guides.Length.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var guide in guides)
        {
            index.ShouldContain("migration/" + Path.GetFileName(guide), customMessage: $"docs/index.md does not link {guide}");
            Snippets.Uses(guide).Count.ShouldBeGreaterThan(0, $"{guide} shows no compiled snippet");
        }
    }

    [Test]
    public void Comparison_NamesTheFirstDifferentLine()
    {
        FirstDifference("a\nb\nc", "a\nB\nc").ShouldBe("line 2 of the block is 'B', the region has 'b'");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "(end)";
            var al = i < a.Length ? a[i] : "(end)";
            if (el != al)
            {
                return $"line {i + 1} of the block is '{al}', the region has '{el}'";
            }
        }

        return "whitespace differs";
    }
}
