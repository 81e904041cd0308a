namespace Courier.Recorder;

/// <summary>
/// A cassette file could not be read: it is not a cassette, is from a format Courier does not read, is malformed,
/// or breaks a safety limit. Names the file, the line and the reason.
/// </summary>
public sealed class CassetteFormatException : CourierException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The cassette file (or a name for text that did not come from a file).</param>
    /// <param name="line">The 1-based line, or 0 when the problem is not tied to a line.</param>
    /// <param name="reason">What is wrong and what to do about it.</param>
    /// <param name="innerException">The parser's own error, if any.</param>
    public CassetteFormatException(string path, int line, string reason, Exception? innerException = null)
        : base(line > 0 ? $"Cassette '{path}', line {line}: {reason}." : $"Cassette '{path}': {reason}.", innerException)
    {
        Path = path;
        Line = line;
        Reason = reason;
    }

    /// <summary>The cassette file (or the name given to text that did not come from a file).</summary>
    public string Path { get; }

    /// <summary>The 1-based line of the problem, or 0 when it is not tied to a line.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the file and line.</summary>
    public string Reason { get; }
}

/// <summary>Another process or recorder holds the cassette's lock longer than the configured wait.</summary>
public sealed class CassetteLockedException : CourierException
{
    /// <summary>Creates the exception.</summary>
    public CassetteLockedException(string path, TimeSpan waited, Exception? innerException = null)
        : base($"Cassette '{path}' is locked by another writer (waited {waited.TotalSeconds:0.#} s for '{LockFile.PathFor(path)}'). " +
               "Give parallel tests their own cassettes, or raise CassetteSaveOptions.LockTimeout.", innerException)
        => Path = path;

    /// <summary>The cassette file.</summary>
    public string Path { get; }
}

/// <summary>A loaded cassette still holds values that look like secrets (strict or CI mode). The report names places, never values.</summary>
public sealed class CassetteSecretsException : CourierException
{
    /// <summary>Creates the exception.</summary>
    public CassetteSecretsException(string path, IReadOnlyList<string> findings)
        : base($"Cassette '{path}' holds {findings?.Count} value(s) that look like secrets:{Environment.NewLine}  " +
               string.Join(Environment.NewLine + "  ", findings?.Take(20) ?? []) + Environment.NewLine +
               "Re-record it with the default filters (or RecorderOptions.Placeholders/FilterJsonMembers), or edit the file; " +
               "set RecorderOptions.FailOnSecretsInCassette = false to only warn.")
    {
        Path = path;
        Findings = findings ?? [];
    }

    /// <summary>The cassette file.</summary>
    public string Path { get; }

    /// <summary>Where each secret-looking value is (never the value itself).</summary>
    public IReadOnlyList<string> Findings { get; }
}
