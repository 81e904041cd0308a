namespace Courier.Recorder.Format;

/// <summary>
/// A node of a parsed cassette document (YAML or JSON), built from the parser's event stream. No tag ever creates a
/// CLR type: a node is only text, a list or an ordered map, with the tag kept as data for the dialect converters.
/// </summary>
internal abstract class YNode(int line, string? tag)
{
    /// <summary>The 1-based line where the node starts.</summary>
    public int Line { get; } = line;

    /// <summary>The resolved tag (e.g. <c>tag:yaml.org,2002:binary</c>, <c>!binary</c>), or null when untagged.</summary>
    public string? Tag { get; } = tag;
}

/// <summary>A scalar: its text, and whether it was plain (unquoted, untagged), which decides null/number typing.</summary>
internal sealed class YScalar(int line, string? tag, string value, bool plain) : YNode(line, tag)
{
    public string Value { get; } = value;

    public bool Plain { get; } = plain;

    /// <summary>YAML core-schema null: an untagged plain <c>null</c>, <c>~</c> or empty scalar, or <c>!!null</c>.</summary>
    public bool IsNull => Tag == YamlTags.Null || (Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL");
}

/// <summary>A sequence of nodes.</summary>
internal sealed class YSequence(int line, string? tag) : YNode(line, tag)
{
    public List<YNode> Items { get; } = [];
}

/// <summary>A mapping with scalar keys, in document order; duplicate keys are refused when it is built.</summary>
internal sealed class YMapping(int line, string? tag) : YNode(line, tag)
{
    public List<KeyValuePair<string, YNode>> Entries { get; } = [];

    /// <summary>The value under <paramref name="key"/> (exact, case-sensitive), or null.</summary>
    public YNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    public bool Has(string key) => Get(key) is not null;
}

/// <summary>The tags a cassette may carry; every other tag is refused.</summary>
internal static class YamlTags
{
    public const string Str = "tag:yaml.org,2002:str";
    public const string Null = "tag:yaml.org,2002:null";
    public const string Binary = "tag:yaml.org,2002:binary";
    public const string PythonUnicode = "tag:yaml.org,2002:python/unicode";
    public const string PythonTuple = "tag:yaml.org,2002:python/tuple";
    public const string RubyBinary = "!binary";
    public const string NonSpecific = "!";

    private static readonly HashSet<string> ScalarTags =
    [
        Str, Null, Binary, PythonUnicode, RubyBinary, NonSpecific,
        "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float",
    ];

    /// <summary>Whether a scalar may carry <paramref name="tag"/>.</summary>
    public static bool ScalarAllowed(string tag) => ScalarTags.Contains(tag);

    /// <summary>Whether a sequence may carry <paramref name="tag"/> (only the core seq tag and vcrpy's legacy tuples).</summary>
    public static bool SequenceAllowed(string tag) => tag is "tag:yaml.org,2002:seq" or PythonTuple or NonSpecific;

    /// <summary>Whether a mapping may carry <paramref name="tag"/>.</summary>
    public static bool MappingAllowed(string tag) => tag is "tag:yaml.org,2002:map" or NonSpecific;

    /// <summary>Says why a refused tag is refused, naming the old formats that use it.</summary>
    public static string Refusal(string tag)
    {
        if (tag.StartsWith("!ruby/struct:VCR", StringComparison.Ordinal))
        {
            return $"the tag '{tag}' marks a Ruby VCR 1.x cassette, which Courier does not read; re-record it with VCR 2 or later (or with Courier)";
        }

        if (tag.Contains("python/object:vcr.", StringComparison.Ordinal))
        {
            return $"the tag '{tag}' marks a vcrpy cassette from before 1.0, which Courier does not read; migrate it with vcrpy's `python -m vcr.migration` or re-record it";
        }

        return $"the YAML tag '{tag}' is not allowed in a cassette (only core tags, !!binary, !binary and vcrpy's legacy !!python/unicode and !!python/tuple are read; tags never create objects)";
    }
}
