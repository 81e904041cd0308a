namespace Courier.Recorder.Format;

/// <summary>Reads cassette bytes in any supported dialect: parses to a node tree, detects the dialect, converts, validates.</summary>
internal static class CassetteReader
{
    /// <summary>The interactions and dialect, or null when the file holds no cassette at all (empty or only whitespace/comments).</summary>
    public static (List<Interaction> Interactions, CassetteDialect Dialect)? Read(byte[] bytes, string path, bool json, CassetteLoadOptions options) =>
        ReadDto(bytes, path, json, options) is var (dto, r) ? (CassetteMapper.ToModel(dto, r), dto.Dialect) : null;

    /// <summary>
    /// The cassette as read, before it becomes the model (the linter checks interactions one by one here), with the
    /// reader that names lines; null when the file holds no cassette at all.
    /// </summary>
    public static (CassetteDto Dto, NodeReader Reader)? ReadDto(byte[] bytes, string path, bool json, CassetteLoadOptions options)
    {
        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var span = bytes.AsSpan(start);
        if (span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        YNode? root;
        if (json)
        {
            root = JsonTreeReader.Read(span.ToArray(), path, options);
        }
        else
        {
            string text;
            try
            {
                text = HttpSyntax.StrictUtf8.GetString(span);
            }
            catch (System.Text.DecoderFallbackException e)
            {
                throw new CassetteFormatException(path, 0, "the file is not valid UTF-8 text (cassette YAML is UTF-8; binary bodies belong in !!binary base64)", e);
            }

            using var reader = new StringReader(text);
            root = YamlTreeReader.Read(reader, path, options);
        }

        if (root is null or YScalar { IsNull: true })
        {
            return null;
        }

        var r = new NodeReader(path, options);
        var dto = root switch
        {
            YMapping map when map.Has("interactions") => VcrPyConverter.Read(map, r, json ? CassetteDialect.VcrPyJson : CassetteDialect.VcrPy),
            YMapping map when map.Has("http_interactions") => HttpInteractionsConverter.Read(map, r, IsBetamax(map, json) ? CassetteDialect.Betamax : CassetteDialect.RubyVcr),
            YMapping map => throw r.Error(map, "not a cassette: a mapping without 'interactions' (vcrpy) or 'http_interactions' (Ruby VCR, Betamax)"),
            YSequence seq => throw r.Error(seq, "a top-level list of interactions is the layout of vcrpy before 1.0 and of Ruby VCR 1.x, which Courier does not read; re-record the cassette"),
            _ => throw r.Error(root, "not a cassette: the file holds plain text, not a mapping with 'interactions' (vcrpy) or 'http_interactions' (Ruby VCR, Betamax)"),
        };
        return (dto, r);
    }

    private static bool IsBetamax(YMapping map, bool json) =>
        json || (map.Get("recorded_with") is YScalar s && s.Value.StartsWith("betamax", StringComparison.OrdinalIgnoreCase));
}
