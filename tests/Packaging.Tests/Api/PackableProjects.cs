using System.Xml.Linq;
using Courier.TestUtils;

namespace Courier.PackagingTests.Api;

/// <summary>A library project under src/ whose package carries a public API: its assembly name and baseline file.</summary>
/// <param name="AssemblyName">The assembly (and package) name, e.g. <c>Courier.Mocking</c>.</param>
/// <param name="ProjectFile">The .csproj, absolute.</param>
public sealed record PackableProject(string AssemblyName, string ProjectFile)
{
    /// <summary>The checked-in baseline beside the project: <c>src/&lt;Part&gt;/PublicAPI.txt</c>.</summary>
    public string BaselineFile => Path.Combine(Path.GetDirectoryName(ProjectFile)!, "PublicAPI.txt");

    /// <summary>The baseline's path relative to the repository root, for messages.</summary>
    public string BaselineRelative => Path.GetRelativePath(Fixtures.RepoRoot, BaselineFile);

    /// <inheritdoc />
    public override string ToString() => AssemblyName;

    /// <summary>Every .csproj under src/ that is not a tool (PackAsTool) and not marked IsPackable=false.</summary>
    public static IReadOnlyList<PackableProject> All()
    {
        var src = Path.Combine(Fixtures.RepoRoot, "src");
        var found = new List<PackableProject>();
        foreach (var file in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains("/bin/", StringComparison.Ordinal) || file.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var xml = XDocument.Load(file);
            string? Property(string name) => xml.Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();
            if (string.Equals(Property("PackAsTool"), "true", StringComparison.OrdinalIgnoreCase)
                || string.Equals(Property("IsPackable"), "false", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            found.Add(new PackableProject(Property("AssemblyName") ?? Path.GetFileNameWithoutExtension(file), file));
        }

        return found;
    }
}
