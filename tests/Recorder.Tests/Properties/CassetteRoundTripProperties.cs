using System.Text;
using Courier.Recorder;
using FsCheck;
using FsCheck.Fluent;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace Courier.RecorderTests.Properties;

/// <summary>Property-based tests (FsCheck): a cassette written as YAML or JSON and read back keeps every byte, header, status and URL.</summary>
public sealed class CassetteRoundTripProperties
{
    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        ArbMap.Default.GeneratorFor<byte[]>(),
        Gen.Elements(" ", "\t", "\r\n", "\n", "a", "é", "#", ": ", "- ", "'", "\"", "\\", "{", "}", "[", "!!", "&a", "*a", "|", ">", "%", "@", "`", "---", "...", "null", "~", "true", "0x1F", "\u2028", "\uFEFF")
            .ListOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))));

    private static readonly Gen<string> HeaderValues =
        Gen.Elements("1", "null", "true", " lead", "trail ", "a: b", "# c", "'q'", "\"dq\"", "é", "a=1; Path=/, x", "", "- x", "{x}", "*", "&y", "!tag")
            .ListOf().Select(parts => string.Concat(parts.Take(3)));

    private static readonly Gen<RecordedHeaders> Headers =
        Gen.Zip(Gen.Elements("X-A", "Set-Cookie", "Content-Type", "X-Null", "x-lower", "X-Dash-Name"), HeaderValues.ListOf().Select(v => v.Take(3).ToList()).Where(v => v.Count > 0))
            .ListOf()
            .Select(list => new RecordedHeaders(list.Take(4).GroupBy(h => h.Item1, StringComparer.OrdinalIgnoreCase).Select(g => new RecordedHeader(g.First().Item1, [.. g.SelectMany(h => h.Item2)]))));

    private static readonly Gen<Interaction> Interactions =
        from method in Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH")
        from path in Gen.Elements("/", "/a b", "/é", "/x?y=1&z=%20", "/q?a=1&a=2", "/~t/'s")
        from requestHeaders in Headers
        from requestBody in Gen.OneOf(Gen.Constant<byte[]?>(null), Bodies.Select(b => (byte[]?)b))
        from status in Gen.Choose(100, 599)
        from reason in Gen.Elements<string?>(null, "OK", "Created", "Custom reason: yes", "é")
        from responseHeaders in Headers
        from responseBody in Bodies
        select new Interaction(
            new RecordedRequest { Method = method, Uri = "http://127.0.0.1:5000" + path, Headers = requestHeaders, Body = requestBody },
            new RecordedResponse { StatusCode = status, ReasonPhrase = reason, Headers = responseHeaders, Body = responseBody, HttpVersion = "HTTP/1.1" });

    public static Arbitrary<List<Interaction>> Cassettes() => Interactions.ListOf().Select(l => l.Take(4).ToList()).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property YamlWriteThenRead_KeepsEverything() => Prop.ForAll(Cassettes(), interactions => RoundTrips(interactions, json: false));

    [Property(MaxTest = 300)]
    public Property JsonWriteThenRead_KeepsEverything() => Prop.ForAll(Cassettes(), interactions => RoundTrips(interactions, json: true));

    private static Property RoundTrips(List<Interaction> interactions, bool json)
    {
        var cassette = new Cassette(interactions);
        var text = json ? cassette.ToJson() : cassette.ToYaml();
        var back = Cassette.Parse(text, json: json)!;

        var problems = new List<string>();
        if (back.Interactions.Count != interactions.Count)
        {
            problems.Add($"count {back.Interactions.Count}");
        }

        for (var i = 0; i < Math.Min(back.Interactions.Count, interactions.Count); i++)
        {
            var (want, got) = (interactions[i], back.Interactions[i]);
            Compare(problems, $"{i}.method", want.Request.Method, got.Request.Method);
            Compare(problems, $"{i}.uri", want.Request.Uri, got.Request.Uri);
            Compare(problems, $"{i}.request.body", Convert.ToHexString(want.Request.Body ?? []), Convert.ToHexString(got.Request.Body ?? []));
            Compare(problems, $"{i}.request.headers", Flat(want.Request.Headers), Flat(got.Request.Headers));
            Compare(problems, $"{i}.status", want.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), got.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Compare(problems, $"{i}.reason", want.Response.ReasonPhrase ?? string.Empty, got.Response.ReasonPhrase ?? string.Empty);
            Compare(problems, $"{i}.response.headers", Flat(want.Response.Headers), Flat(got.Response.Headers));
            Compare(problems, $"{i}.response.body", Convert.ToHexString(want.Response.Body), Convert.ToHexString(got.Response.Body));
        }

        return (problems.Count == 0).Label(string.Join("\n", problems) + "\n--- written ---\n" + text);
    }

    private static string Flat(RecordedHeaders headers) => string.Join("\n", headers.Select(h => h.Name + ": " + string.Join(" | ", h.Values)));

    private static void Compare(List<string> problems, string what, string want, string got)
    {
        if (want != got)
        {
            problems.Add($"{what}: wrote [{want}] read [{got}]");
        }
    }
}
