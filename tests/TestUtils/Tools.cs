using NUnit.Framework;

namespace Courier.TestUtils;

/// <summary>Finds outside tools (tinyproxy, nghttpd, lighttpd, python3 modules); a test whose tool is missing is ignored, naming it.</summary>
public static class Tools
{
    /// <summary>The full path of <paramref name="name"/> on PATH (or in /usr/sbin, /usr/bin), or null.</summary>
    public static string? Find(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>The path of <paramref name="name"/>, or ignores the test with a message naming the missing tool.</summary>
    public static string Require(string name, string debianPackage)
    {
        var path = Find(name);
        if (path is null)
        {
            Assert.Ignore($"Needs the outside tool '{name}' (Debian package {debianPackage}), which is not installed; .ci/run installs it.");
        }

        return path!;
    }
}
