using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>How two JSON values are compared by structure.</summary>
public sealed record JsonMatchOptions
{
    /// <summary>Arrays match when they hold the same elements in any order.</summary>
    public bool IgnoreArrayOrder { get; init; }

    /// <summary>The actual objects may have members the expected ones do not name (and arrays more elements).</summary>
    public bool IgnoreExtraElements { get; init; }
}

/// <summary>Structural JSON equality: key order and whitespace never matter; numbers compare by value.</summary>
internal static class JsonComparer
{
    public static bool Equal(JsonElement expected, JsonElement actual, JsonMatchOptions options, int depth = 0)
    {
        if (depth > 256)
        {
            return false;
        }

        if (expected.ValueKind != actual.ValueKind)
        {
            return false;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var member in expected.EnumerateObject())
                {
                    count++;
                    if (!actual.TryGetProperty(member.Name, out var value) || !Equal(member.Value, value, options, depth + 1))
                    {
                        return false;
                    }
                }

                return options.IgnoreExtraElements || actual.EnumerateObject().Count() == count;
            case JsonValueKind.Array:
                return ArraysEqual(expected, actual, options, depth);
            case JsonValueKind.String:
                return expected.ValueEquals(actual.GetString());
            case JsonValueKind.Number:
                return expected.TryGetDecimal(out var a) && actual.TryGetDecimal(out var b)
                    ? a == b
                    : expected.GetDouble().Equals(actual.GetDouble());
            default:
                return true;
        }
    }

    private static bool ArraysEqual(JsonElement expected, JsonElement actual, JsonMatchOptions options, int depth)
    {
        var left = expected.EnumerateArray().ToArray();
        var right = actual.EnumerateArray().ToArray();
        if (right.Length < left.Length || (right.Length > left.Length && !options.IgnoreExtraElements))
        {
            return false;
        }

        if (!options.IgnoreArrayOrder)
        {
            for (var i = 0; i < left.Length; i++)
            {
                if (!Equal(left[i], right[i], options, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        var used = new bool[right.Length];
        foreach (var item in left)
        {
            var found = false;
            for (var j = 0; j < right.Length && !found; j++)
            {
                if (!used[j] && Equal(item, right[j], options, depth + 1))
                {
                    used[j] = found = true;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
