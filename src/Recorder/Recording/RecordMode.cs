namespace Courier.Recorder;

/// <summary>When the recorder goes to the network. Exactly specified in docs/recording.md.</summary>
public enum RecordMode
{
    /// <summary>Record when the cassette file is absent (or empty); when it exists, replay only.</summary>
    Once,

    /// <summary>Replay what matches; send what does not to the network, record it and append it.</summary>
    NewEpisodes,

    /// <summary>Replay only; never touch the network. An unmatched request throws <see cref="CassetteMismatchException"/>.</summary>
    None,

    /// <summary>Always go to the network and re-record: the cassette is rewritten with this run's interactions only.</summary>
    All,
}

/// <summary>Resolves the effective mode: <c>COURIER_RECORD_MODE</c>, then the configured mode, then <c>CI=true</c> → None, else Once.</summary>
internal static class RecordModes
{
    public const string Variable = "COURIER_RECORD_MODE";

    public static RecordMode Resolve(RecordMode? configured, Func<string, string?> environment)
    {
        var fromEnvironment = environment(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Parse(fromEnvironment) ?? throw new ArgumentException(
                $"{Variable}='{fromEnvironment}' is not a record mode; use once, new_episodes, none or all.");
        }

        if (configured is { } mode)
        {
            return mode;
        }

        var ci = environment("CI");
        return string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1" ? RecordMode.None : RecordMode.Once;
    }

    private static RecordMode? Parse(string value) => value.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "ONCE" => RecordMode.Once,
        "NEWEPISODES" => RecordMode.NewEpisodes,
        "NONE" => RecordMode.None,
        "ALL" => RecordMode.All,
        _ => null,
    };
}
