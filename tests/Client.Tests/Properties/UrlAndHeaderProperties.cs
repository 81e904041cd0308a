using Courier.ClientTests.Support;
using FsCheck;
using FsCheck.Fluent;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace Courier.ClientTests.Properties;

/// <summary>Property-based tests (FsCheck) of URL joining, query merging and header handling, seen at the transport.</summary>
public sealed class UrlAndHeaderProperties
{
    private static readonly Gen<string> Segment =
        Gen.Elements("a", "b", "v1", "users", "7", "x-y", "z.z", "_", "~t", "%C3%A9", "a%20b").ListOf().Select(parts => string.Concat(parts.Take(3))).Where(s => s.Length > 0 && s != "." && s != "..");

    private static readonly Gen<string> Name =
        Gen.Elements("k", "q", "tag", "a b", "é", "x=y", "&", "1").ListOf().Select(parts => string.Concat(parts.Take(2))).Where(s => s.Length > 0);

    private static readonly Gen<string> Value =
        Gen.Elements("", "1", "v", "a b", "/?#", "é", "+", "%", "=&").ListOf().Select(parts => string.Concat(parts.Take(3)));

    private static readonly Gen<List<KeyValuePair<string, string>>> Pairs =
        Gen.Zip(Name, Value).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ListOf().Select(l => l.Take(5).ToList());

    private static Request Sent(string url, ClientOptions? options = null, RequestOptions? requestOptions = null)
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen, options);
        client.Get(url, requestOptions);
        return seen.Single();
    }

    public static Arbitrary<(List<string> Base, bool Slash, List<string> Relative, bool Leading)> Joins() =>
        (from b in Segment.ListOf().Select(l => l.Take(3).ToList())
         from slash in ArbMap.Default.GeneratorFor<bool>()
         from r in Segment.ListOf().Select(l => l.Take(3).ToList()).Where(l => l.Count > 0)
         from leading in ArbMap.Default.GeneratorFor<bool>()
         select (b, slash, r, leading)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property RelativeUrl_IsAppendedToTheBasePath_WhateverTheSlashes()
    {
        return Prop.ForAll(Joins(), join =>
        {
            var baseUrl = "https://api.test/" + string.Join('/', join.Base) + (join.Slash && join.Base.Count > 0 ? "/" : string.Empty);
            var relative = (join.Leading ? "/" : string.Empty) + string.Join('/', join.Relative);

            var sent = Sent(relative, new ClientOptions { BaseUrl = new Uri(baseUrl) }).Url;

            var expected = "/" + string.Join('/', join.Base.Concat(join.Relative));
            return (sent.AbsolutePath == expected && sent.Host == "api.test").Label($"{baseUrl} + {relative} -> {sent} (expected path {expected})");
        });
    }

    public static Arbitrary<(List<KeyValuePair<string, string>> Client, List<KeyValuePair<string, string>> Request)> ParamSets() =>
        Gen.Zip(Pairs, Pairs).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property QueryMerge_RequestParamsReplaceClientParamsByName_AndEveryValueArrivesEncodedOnce()
    {
        return Prop.ForAll(ParamSets(), sets =>
        {
            var sent = Sent("https://api.test/s", new ClientOptions { Params = new QueryParams(sets.Client) }, new RequestOptions { Params = new QueryParams(sets.Request) }).Url;

            // httpx's merge: the request's names replace the client's; within a name the order is kept.
            var requestNames = sets.Request.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            var expected = sets.Client.Where(p => !requestNames.Contains(p.Key)).Concat(sets.Request).ToList();
            var parsed = QueryParams.Parse(sent.Query.TrimStart('?')).ToList();
            var names = expected.Select(p => p.Key).Distinct();
            var same = names.All(n => parsed.Where(p => p.Key == n).Select(p => p.Value).SequenceEqual(expected.Where(p => p.Key == n).Select(p => p.Value)))
                && parsed.Count == expected.Count;
            return same.Label($"client [{string.Join("&", sets.Client)}] request [{string.Join("&", sets.Request)}] -> {sent.Query}");
        });
    }

    public static Arbitrary<List<KeyValuePair<string, string>>> HeaderSets() =>
        Gen.Zip(Gen.Elements("X-A", "x-a", "X-Trace-Id", "Accept-Language", "X-Empty", "X-U"), Gen.Elements("1", "a b", " padded ", "ascii!~", "", "tab\there", "q=0.5;*"))
            .Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ListOf().Select(l => l.Take(6).ToList()).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Headers_ReachTheTransport_WithEveryValue_InOrder_CaseInsensitively()
    {
        return Prop.ForAll(HeaderSets(), pairs =>
        {
            var headers = new Courier.Headers(pairs);
            var sent = Sent("https://api.test/", requestOptions: new RequestOptions { Headers = headers }).Headers;

            var ok = pairs.Select(p => p.Key).Distinct(StringComparer.OrdinalIgnoreCase).All(name =>
            {
                var want = pairs.Where(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value.Trim());
                var got = sent.GetValues(name).SelectMany(v => v.Split(", ")).Select(v => v.Trim());
                return string.Join("|", got) == string.Join("|", want);
            });
            return ok.Label($"[{string.Join("; ", pairs)}] -> [{string.Join("; ", sent)}]");
        });
    }

    public static Arbitrary<(string Prefix, char Bad, string Suffix)> Injections() =>
        (from prefix in Gen.Elements("v", "", "a b", "x")
         from bad in Gen.Elements('\r', '\n', '\0')
         from suffix in Gen.Elements("Injected: 1", "", " ", "x")
         select (prefix, bad, suffix)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property HeaderValue_WithCrLfOrNul_IsRefused_BeforeTheTransport()
    {
        return Prop.ForAll(Injections(), injection =>
        {
            var value = injection.Prefix + injection.Bad + injection.Suffix;
            var seen = new List<Request>();
            using var client = Echo.RecordingClient(seen);
            var refused = false;
            try
            {
                client.Get("https://api.test/", new RequestOptions { Headers = new Courier.Headers { { "X-A", value } } });
            }
            catch (LocalProtocolException)
            {
                refused = true;
            }

            return (refused && seen.Count == 0).Label($"value {value.ReplaceLineEndings("\\n")}: refused={refused}, reached transport={seen.Count}");
        });
    }
}
