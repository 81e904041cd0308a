namespace Courier.Recorder;

/// <summary>Turns a cassette name (a test name, a user string) into a safe path under a cassette root.</summary>
public static class CassettePaths
{
    private const int MaxNameLength = 200;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// The path of cassette <paramref name="name"/> under <paramref name="root"/>, with <c>.yaml</c> added when the name
    /// has no extension. <c>/</c> separates sub-folders; every segment keeps letters, digits, <c>-_.</c> and spaces
    /// (others become <c>_</c>). Refused with <see cref="ArgumentException"/>: an empty or over-long name, NUL, an
    /// absolute path, a <c>..</c> segment, or a reserved device name — the result is always inside the root.
    /// </summary>
    /// <param name="root">The cassette folder (e.g. <c>cassettes</c>).</param>
    /// <param name="name">The cassette name (e.g. <c>UsersTests/Get_ReturnsUser</c>).</param>
    public static string For(string root, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaxNameLength || name.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(name) || name.StartsWith('\\'))
        {
            throw new ArgumentException($"The cassette name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is empty, longer than {MaxNameLength} characters, holds NUL or is an absolute path; use a relative name such as 'Users/Get_ReturnsUser'.", nameof(name));
        }

        var segments = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Clean).ToList();
        if (segments.Count == 0 || segments.Exists(s => s is "." or ".." || Reserved.Contains(Path.GetFileNameWithoutExtension(s))))
        {
            throw new ArgumentException($"The cassette name '{name}' holds '.', '..' or a reserved device name; use a plain relative name.", nameof(name));
        }

        var fullRoot = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine([fullRoot, .. segments]));
        if (!Path.HasExtension(path))
        {
            path += ".yaml";
        }

        return path.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"The cassette name '{name}' leads outside the cassette root '{fullRoot}'.", nameof(name));
    }

    /// <summary>Whether <paramref name="fileName"/> (without extension) is a reserved device name such as CON or COM1.</summary>
    internal static bool IsReservedDeviceName(string fileName) => Reserved.Contains(fileName);

    private static string Clean(string segment) =>
        new([.. segment.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ' ' ? c : '_')]);
}
