namespace Courier.Recorder.Format;

/// <summary>Typed access to a <see cref="YNode"/> tree, raising <see cref="CassetteFormatException"/> with the line.</summary>
internal sealed class NodeReader(string path, CassetteLoadOptions options)
{
    public string Path { get; } = path;

    public CassetteLoadOptions Options { get; } = options;

    public CassetteFormatException Error(YNode? node, string reason) => new(Path, node?.Line ?? 0, reason);

    public YMapping Map(YNode? node, string what) =>
        node as YMapping ?? throw Error(node, $"{what} must be a mapping{Found(node)}");

    public YSequence Seq(YNode? node, string what) =>
        node as YSequence ?? throw Error(node, $"{what} must be a list{Found(node)}");

    public YNode Required(YMapping map, string key, string what) =>
        map.Get(key) ?? throw Error(map, $"{what} has no '{key}'");

    /// <summary>A text scalar (any allowed scalar tag but binary).</summary>
    public string Text(YNode? node, string what) => node is YScalar { Tag: not (YamlTags.Binary or YamlTags.RubyBinary) } s && !s.IsNull
        ? s.Value
        : throw Error(node, $"{what} must be text{Found(node)}");

    public string? OptionalText(YMapping map, string key, string what) =>
        map.Get(key) is { } node && !(node is YScalar s && s.IsNull) ? Text(node, what) : null;

    /// <summary>In strict mode, refuses keys not in <paramref name="known"/>.</summary>
    public void CheckKeys(YMapping map, string what, params string[] known)
    {
        if (!Options.Strict)
        {
            return;
        }

        foreach (var (key, value) in map.Entries)
        {
            if (!known.Contains(key))
            {
                throw Error(value, $"unknown field '{key}' in {what} (strict mode)");
            }
        }
    }

    /// <summary>A header block: a mapping of name → value list (or one value), or vcrpy's legacy list of !!python/tuple pairs.</summary>
    public List<HeaderDto> Headers(YNode? node, string what)
    {
        var headers = new List<HeaderDto>();
        switch (node)
        {
            case null:
            case YScalar s when s.IsNull:
                break;
            case YMapping map:
                foreach (var (name, value) in map.Entries)
                {
                    headers.Add(new HeaderDto(name, HeaderValues(value, $"{what} '{name}'"), value.Line));
                }

                break;
            case YSequence seq:
                foreach (var item in seq.Items)
                {
                    if (item is not YSequence { Items.Count: 2 } pair)
                    {
                        throw Error(item, $"{what} as a list must hold [name, values] pairs (vcrpy's !!python/tuple form)");
                    }

                    var name = Text(pair.Items[0], $"a header name in {what}");
                    headers.Add(new HeaderDto(name, HeaderValues(pair.Items[1], $"{what} '{name}'"), pair.Line));
                }

                break;
            default:
                throw Error(node, $"{what} must be a mapping of header names to lists of values");
        }

        return headers;
    }

    private List<string> HeaderValues(YNode node, string what) => node switch
    {
        YSequence seq => [.. seq.Items.Select(v => Text(v, what))],
        YScalar s when s.IsNull => [],
        _ => [Text(node, what)],
    };

    private static string Found(YNode? node) => node switch
    {
        null => " but is missing",
        YScalar s when s.IsNull => " but is null",
        YScalar => " but is a single value",
        YSequence => " but is a list",
        _ => " but is a mapping",
    };
}
