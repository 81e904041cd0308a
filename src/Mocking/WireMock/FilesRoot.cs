namespace Courier.Mocking.WireMock;

/// <summary>The <c>__files</c> folder: resolves a <c>bodyFileName</c> and refuses one that escapes it (<c>../</c>, an absolute path, a symlink out).</summary>
internal sealed class FilesRoot(string directory)
{
    private readonly string _root = RealPath(Path.GetFullPath(directory));

    public string Directory => _root;

    public string Resolve(JsonNode node)
    {
        var name = node.String();
        if (name.Length == 0 || Path.IsPathRooted(name) || name.Contains('\0', StringComparison.Ordinal)
            || name.Replace('\\', '/').Split('/').Any(segment => segment == ".."))
        {
            throw new WireMockMappingException(node.File, node.Path, $"expected a file name inside __files ({_root}), found \"{name}\": absolute paths and '..' are refused.");
        }

        var full = Path.GetFullPath(Path.Combine(_root, name));
        if (!File.Exists(full))
        {
            throw new WireMockMappingException(node.File, node.Path, $"expected a file inside __files, but {full} does not exist.");
        }

        var real = RealPath(full);
        if (!real.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new WireMockMappingException(node.File, node.Path, $"expected a file inside __files ({_root}), but \"{name}\" leads to {real} through a symbolic link.");
        }

        return real;
    }

    /// <summary>The path with every symbolic link on the way resolved.</summary>
    private static string RealPath(string path)
    {
        var root = Path.GetPathRoot(path)!;
        var current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = System.IO.Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = RealPath(Path.GetFullPath(target.FullName));
            }
        }

        return current;
    }
}
