namespace Courier.TestUtils;

/// <summary>Finds the shared fixtures (<c>shared/fixtures</c>, beside the repository) by walking up from the test binaries.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The absolute path of <c>shared/fixtures</c>.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The absolute path of a file or folder under <c>shared/fixtures</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The repository root (the folder holding <c>Courier.slnx</c>).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Courier.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Could not find Courier.slnx above " + AppContext.BaseDirectory);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Could not find shared/fixtures above " + AppContext.BaseDirectory);
    }
}
