using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Courier.Recorder.Format;

/// <summary>
/// Builds a <see cref="YNode"/> tree from YamlDotNet's event stream, iteratively (no recursion, so no stack overflow),
/// enforcing the safety rules as it goes: bounded depth, event count and scalar length; no anchors, aliases or merge
/// keys; no duplicate or complex keys; only the tags <see cref="YamlTags"/> allows; one document.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Reads the single document, or returns null when the stream holds no document (an empty file).</summary>
    public static YNode? Read(TextReader text, string path, CassetteLoadOptions options)
    {
        var parser = new Parser(text);
        try
        {
            return ReadCore(parser, path, options);
        }
        catch (YamlException e)
        {
            throw new CassetteFormatException(path, (int)e.Start.Line, "malformed YAML (" + Clean(e.Message) + "); a truncated or hand-edited file? Restore it or re-record", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet 16.3 throws this for some unterminated flow collections instead of a YamlException.
            var line = (int)(parser.Current?.End.Line ?? 0);
            throw new CassetteFormatException(path, line, "malformed YAML (the parser stopped in an unterminated construct); a truncated or hand-edited file? Restore it or re-record", e);
        }
    }

    private static YNode? ReadCore(Parser parser, string path, CassetteLoadOptions options)
    {
        var stack = new Stack<Frame>();
        YNode? root = null;
        var documents = 0;
        var events = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var line = (int)current.Start.Line;
            if (++events > options.MaxEvents)
            {
                throw new CassetteFormatException(path, line, $"more than {options.MaxEvents} YAML nodes (CassetteLoadOptions.MaxEvents)");
            }

            switch (current)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        throw new CassetteFormatException(path, line, "more than one YAML document; a cassette is a single document");
                    }

                    break;
                case AnchorAlias:
                    throw new CassetteFormatException(path, line, "YAML aliases (*name) are not allowed in a cassette");
                case NodeEvent node when !node.Anchor.IsEmpty:
                    throw new CassetteFormatException(path, line, $"YAML anchors (&{node.Anchor.Value}) are not allowed in a cassette");
                case Scalar scalar:
                    var value = MakeScalar(scalar, line, path, options);
                    if (stack.Count > 0 && stack.Peek().ExpectingKey)
                    {
                        AcceptKey(stack.Peek(), value, path);
                    }
                    else
                    {
                        Attach(stack, value, ref root);
                    }

                    break;
                case SequenceStart seq:
                    var sequence = new YSequence(line, TagOf(seq, line, path, YamlTags.SequenceAllowed));
                    Open(stack, sequence, ref root, path, options);
                    break;
                case MappingStart map:
                    var mapping = new YMapping(line, TagOf(map, line, path, YamlTags.MappingAllowed));
                    Open(stack, mapping, ref root, path, options);
                    break;
                case SequenceEnd or MappingEnd:
                    stack.Pop();
                    break;
            }
        }

        if (stack.Count > 0)
        {
            throw new CassetteFormatException(path, stack.Peek().Node.Line, "the file ends inside an open list or mapping; a truncated file? Restore it or re-record");
        }

        return root;
    }

    private static void Open(Stack<Frame> stack, YNode node, ref YNode? root, string path, CassetteLoadOptions options)
    {
        if (stack.Count > 0 && stack.Peek().ExpectingKey)
        {
            throw new CassetteFormatException(path, node.Line, "a map or list used as a mapping key (complex keys are not allowed in a cassette)");
        }

        Attach(stack, node, ref root);
        stack.Push(new Frame(node));
        if (stack.Count > options.MaxDepth)
        {
            throw new CassetteFormatException(path, node.Line, $"nesting deeper than {options.MaxDepth} levels (CassetteLoadOptions.MaxDepth); a cassette needs about 6");
        }
    }

    private static void Attach(Stack<Frame> stack, YNode node, ref YNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var parent = stack.Peek();
        if (parent.Node is YSequence sequence)
        {
            sequence.Items.Add(node);
            return;
        }

        ((YMapping)parent.Node).Entries.Add(new(parent.Key!, node));
        parent.Key = null;
    }

    private static void AcceptKey(Frame frame, YScalar key, string path)
    {
        if (key.Plain && key.Value == "<<")
        {
            throw new CassetteFormatException(path, key.Line, "YAML merge keys (<<) are not allowed in a cassette");
        }

        if (((YMapping)frame.Node).Has(key.Value))
        {
            throw new CassetteFormatException(path, key.Line, $"duplicate key '{Short(key.Value)}'");
        }

        frame.Key = key.Value;
    }

    private static YScalar MakeScalar(Scalar scalar, int line, string path, CassetteLoadOptions options)
    {
        if (scalar.Value.Length > options.MaxScalarLength)
        {
            throw new CassetteFormatException(path, line, $"a value of {scalar.Value.Length} characters is longer than CassetteLoadOptions.MaxScalarLength ({options.MaxScalarLength})");
        }

        var tag = TagOf(scalar, line, path, YamlTags.ScalarAllowed);
        return new YScalar(line, tag, scalar.Value, scalar.Style == ScalarStyle.Plain && tag is null);
    }

    private static string? TagOf(NodeEvent node, int line, string path, Func<string, bool> allowed)
    {
        if (node.Tag.IsEmpty)
        {
            return null;
        }

        var tag = node.Tag.Value;
        return allowed(tag) ? tag : throw new CassetteFormatException(path, line, YamlTags.Refusal(tag));
    }

    private static string Clean(string message) => message.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Short(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private sealed class Frame(YNode node)
    {
        public YNode Node { get; } = node;

        public string? Key { get; set; }

        public bool ExpectingKey => Node is YMapping && Key is null;
    }
}
