using System.Text;
using Courier.Recorder.Format;

namespace Courier.Recorder;

/// <summary>
/// A cassette: recorded interactions, in order. Load one with <see cref="Load"/> (vcrpy, Ruby VCR or Betamax files),
/// save it with <see cref="SaveAsync"/> (always vcrpy's v1 schema, atomically, under a cross-process lock).
/// Not thread-safe by itself; <see cref="Recorder"/> serializes its own use.
/// </summary>
public sealed partial class Cassette
{
    private readonly List<Interaction> _interactions;

    /// <summary>Creates a cassette in memory.</summary>
    /// <param name="interactions">The interactions, in order.</param>
    /// <param name="path">The file it belongs to, if any (used by <see cref="SaveAsync"/> and in error messages).</param>
    public Cassette(IEnumerable<Interaction>? interactions = null, string? path = null)
        : this(interactions, path, CassetteDialect.VcrPy)
    {
    }

    private Cassette(IEnumerable<Interaction>? interactions, string? path, CassetteDialect dialect)
    {
        _interactions = [.. interactions ?? []];
        Path = path;
        Dialect = dialect;
    }

    /// <summary>The file this cassette was loaded from or will be saved to, or null for an in-memory cassette.</summary>
    public string? Path { get; }

    /// <summary>The dialect the cassette was read in (<see cref="CassetteDialect.VcrPy"/> for a new one).</summary>
    public CassetteDialect Dialect { get; }

    /// <summary>A short name for messages: the file name, or <c>(in memory)</c>.</summary>
    public string Name => Path is null ? "(in memory)" : System.IO.Path.GetFileName(Path);

    /// <summary>The interactions, in recorded order.</summary>
    public IReadOnlyList<Interaction> Interactions => _interactions;

    /// <summary>Appends an interaction.</summary>
    public void Add(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        _interactions.Add(interaction);
    }

    /// <summary>Removes every interaction (the file is unchanged until the next save).</summary>
    public void Clear() => _interactions.Clear();

    /// <summary>
    /// Loads the cassette at <paramref name="path"/>, or returns null when there is no cassette: the file is absent,
    /// empty or holds only whitespace and comments. A <c>.json</c> file is read as JSON (Betamax, vcrpy's JSON).
    /// </summary>
    /// <exception cref="CassetteFormatException">The file is not a cassette Courier reads, or breaks a safety limit.</exception>
    public static Cassette? Load(string path, CassetteLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= CassetteLoadOptions.Default;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if (info.Length > options.MaxFileBytes)
        {
            throw new CassetteFormatException(path, 0, $"the file is {info.Length} bytes, more than CassetteLoadOptions.MaxFileBytes ({options.MaxFileBytes})");
        }

        return FromBytes(File.ReadAllBytes(path), path, IsJson(path), options);
    }

    /// <summary>Parses cassette text (YAML, or JSON when <paramref name="json"/>); null when it holds no cassette.</summary>
    /// <param name="text">The cassette text.</param>
    /// <param name="name">A name used in error messages.</param>
    /// <param name="json">Whether the text is JSON rather than YAML.</param>
    /// <param name="options">Safety limits and strictness.</param>
    public static Cassette? Parse(string text, string name = "(text)", bool json = false, CassetteLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= CassetteLoadOptions.Default;
        if (text.Length > options.MaxFileBytes)
        {
            throw new CassetteFormatException(name, 0, $"the text is longer than CassetteLoadOptions.MaxFileBytes ({options.MaxFileBytes})");
        }

        return FromBytes(Encoding.UTF8.GetBytes(text), name, json, options);
    }

    private static Cassette? FromBytes(byte[] bytes, string path, bool json, CassetteLoadOptions options)
    {
        if (CassetteReader.Read(bytes, path, json, options) is not { } read)
        {
            return null;
        }

        var cassette = new Cassette(read.Interactions, path, read.Dialect);
        if (options.Strict && cassette.FindSecrets() is { Count: > 0 } findings)
        {
            throw new CassetteSecretsException(path, findings);
        }

        return cassette;
    }

    /// <summary>
    /// Where this cassette holds values that look like secrets (see <see cref="RecorderOptions.RewriteLeftoverSecrets"/>
    /// for the rules): <c>interaction #2: request header 'Authorization' (…)</c>. Names places, never values.
    /// </summary>
    /// <param name="options">The redacted headers, secret names and placeholder text; <see cref="RecorderOptions.Default"/> when null.</param>
    public IReadOnlyList<string> FindSecrets(RecorderOptions? options = null)
    {
        var findings = new List<string>();
        var rules = new Recording.LeftoverSecrets(options ?? RecorderOptions.Default);
        for (var i = 0; i < _interactions.Count; i++)
        {
            rules.Rewrite(_interactions[i], i, findings);
        }

        return findings;
    }

    /// <summary>
    /// Rewrites values that look like secrets to <see cref="RecorderOptions.RedactedValue"/> in memory (the file is
    /// unchanged until the next save) and returns where they were, as <see cref="FindSecrets"/> does.
    /// </summary>
    /// <param name="options">The redacted headers, secret names and placeholder text; <see cref="RecorderOptions.Default"/> when null.</param>
    public IReadOnlyList<string> RewriteSecrets(RecorderOptions? options = null)
    {
        var findings = new List<string>();
        var rules = new Recording.LeftoverSecrets(options ?? RecorderOptions.Default);
        for (var i = 0; i < _interactions.Count; i++)
        {
            _interactions[i] = rules.Rewrite(_interactions[i], i, findings);
        }

        return findings;
    }

    internal static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
