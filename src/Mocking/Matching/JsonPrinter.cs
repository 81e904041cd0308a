using System.Text;
using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>Pretty-prints JSON the way WireMock's reports do (Jackson's default printer: <c>"a" : 1</c>, <c>[ 1, 2 ]</c>, <c>{ }</c>).</summary>
internal static class JsonPrinter
{
    public static string Print(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(builder, element, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement element, int indent)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().ToArray();
                if (members.Length == 0)
                {
                    builder.Append("{ }");
                    return;
                }

                builder.Append('{');
                for (var i = 0; i < members.Length; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n").Append(' ', (indent + 1) * 2);
                    builder.Append(JsonSerializer.Serialize(members[i].Name)).Append(" : ");
                    Write(builder, members[i].Value, indent + 1);
                }

                builder.Append('\n').Append(' ', indent * 2).Append('}');
                return;
            case JsonValueKind.Array:
                var items = element.EnumerateArray().ToArray();
                if (items.Length == 0)
                {
                    builder.Append("[ ]");
                    return;
                }

                builder.Append("[ ");
                for (var i = 0; i < items.Length; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    Write(builder, items[i], indent);
                }

                builder.Append(" ]");
                return;
            default:
                builder.Append(element.GetRawText());
                return;
        }
    }
}
