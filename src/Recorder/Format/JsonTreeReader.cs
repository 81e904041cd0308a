using System.Text.Json;

namespace Courier.Recorder.Format;

/// <summary>
/// Builds a <see cref="YNode"/> tree from JSON (Betamax cassettes, vcrpy's JSON serializer) with
/// <see cref="Utf8JsonReader"/>: iterative, bounded depth, no duplicate keys, line numbers kept for errors.
/// </summary>
internal static class JsonTreeReader
{
    public static YNode? Read(byte[] utf8, string path, CassetteLoadOptions options)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = options.MaxDepth, CommentHandling = JsonCommentHandling.Skip });
        var lines = new LineCounter(utf8);
        var stack = new Stack<(YNode Node, string? Key)>();
        YNode? root = null;
        try
        {
            while (reader.Read())
            {
                var line = lines.LineAt((int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var key = reader.GetString()!;
                        var (node, _) = stack.Pop();
                        if (((YMapping)node).Has(key))
                        {
                            throw new CassetteFormatException(path, line, $"duplicate key '{key}'");
                        }

                        stack.Push((node, key));
                        break;
                    case JsonTokenType.StartObject:
                        Push(stack, new YMapping(line, null), ref root);
                        break;
                    case JsonTokenType.StartArray:
                        Push(stack, new YSequence(line, null), ref root);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop();
                        break;
                    case JsonTokenType.String:
                        var text = reader.GetString()!;
                        if (text.Length > options.MaxScalarLength)
                        {
                            throw new CassetteFormatException(path, line, $"a value of {text.Length} characters is longer than CassetteLoadOptions.MaxScalarLength ({options.MaxScalarLength})");
                        }

                        Add(stack, new YScalar(line, null, text, plain: false), ref root);
                        break;
                    default:
                        var raw = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                        Add(stack, new YScalar(line, null, raw, plain: true), ref root);
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new CassetteFormatException(path, lines.LineAt((int)Math.Min(reader.BytesConsumed, utf8.Length)), "malformed JSON (" + e.Message + ")", e);
        }

        return root;
    }

    private static void Push(Stack<(YNode Node, string? Key)> stack, YNode node, ref YNode? root)
    {
        Add(stack, node, ref root);
        stack.Push((node, null));
    }

    private static void Add(Stack<(YNode Node, string? Key)> stack, YNode node, ref YNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var (parent, key) = stack.Pop();
        if (parent is YSequence sequence)
        {
            sequence.Items.Add(node);
        }
        else
        {
            ((YMapping)parent).Entries.Add(new(key!, node));
        }

        stack.Push((parent, null));
    }

    /// <summary>Turns byte offsets into 1-based line numbers, moving forward only (offsets only grow while reading).</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;

        public int LineAt(int offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
            {
                if (bytes[_offset] == (byte)'\n')
                {
                    _line++;
                }
            }

            return _line;
        }
    }
}
