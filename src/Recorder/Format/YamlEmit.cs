using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Courier.Recorder.Format;

/// <summary>The YAML events both cassette writers (vcrpy and Ruby VCR) emit the same way.</summary>
internal static class YamlEmit
{
    /// <summary>A string scalar: plain when no YAML 1.1 reader could take it for anything but a string, else quoted.</summary>
    public static void Text(Emitter e, string value)
    {
        var style = YamlText.IsPlainSafe(value) ? ScalarStyle.Plain
            : YamlText.IsPrintableAscii(value) ? ScalarStyle.SingleQuoted
            : ScalarStyle.DoubleQuoted;
        e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, style == ScalarStyle.Plain, style != ScalarStyle.Plain));
    }

    /// <summary>A plain <c>null</c>.</summary>
    public static void Null(Emitter e) => e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));

    /// <summary>Headers as a mapping of name to a list of values (multi-valued headers stay lists, never joined).</summary>
    public static void Headers(Emitter e, RecordedHeaders headers)
    {
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, headers.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.Ordinal))
        {
            Text(e, group.Key);
            e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
            foreach (var value in group.SelectMany(h => h.Values))
            {
                Text(e, value);
            }

            e.Emit(new SequenceEnd());
        }

        e.Emit(new MappingEnd());
    }
}
