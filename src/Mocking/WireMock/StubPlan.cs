using System.Text.Json;
using Courier.Mocking.Matching;

namespace Courier.Mocking.WireMock;

/// <summary>One WireMock stub mapping, read and checked, ready to become a <see cref="MockRoute"/>.</summary>
internal sealed record StubPlan(
    Guid Id,
    string? Name,
    int Priority,
    IReadOnlyList<RequestMatcher> Matchers,
    ResponsePlan Response,
    string? ScenarioName,
    string? RequiredState,
    string? NewState,
    string File,
    string Json);

/// <summary>Reads one stub object (<c>{"request": …, "response": …}</c>).</summary>
internal static class StubReader
{
    private static readonly HashSet<string> Known =
    [
        "request", "response", "priority", "id", "uuid", "name", "persistent", "metadata", "insertionIndex",
        "scenarioName", "requiredScenarioState", "newScenarioState",
    ];

    public static StubPlan Read(JsonNode stub, FilesRoot? files, MockServerOptions options)
    {
        stub.OnlyKnown(Known, "stub mapping");
        var request = stub.Get("request") ?? throw stub.Fail("expected a \"request\" object");
        var response = stub.Get("response") ?? throw stub.Fail("expected a \"response\" object");
        var id = Guid.NewGuid();
        if ((stub.Get("id") ?? stub.Get("uuid")) is { } idNode && !Guid.TryParse(idNode.String(), out id))
        {
            throw idNode.Fail("expected a UUID");
        }

        var scenario = stub.Get("scenarioName")?.String();
        var required = stub.Get("requiredScenarioState")?.String();
        var next = stub.Get("newScenarioState")?.String();
        if (scenario is null && (required ?? next) is not null)
        {
            throw stub.Fail("expected a \"scenarioName\" with requiredScenarioState / newScenarioState");
        }

        return new StubPlan(
            id,
            stub.Get("name")?.String(),
            stub.Get("priority")?.Int(1, int.MaxValue, "1 is the highest priority") ?? 5,
            MappingRequestReader.Read(request.ExpectObject(), options.RegexTimeout),
            MappingResponseReader.Read(response.ExpectObject(), files, options.ProxyTargets()),
            scenario,
            required,
            next,
            stub.File,
            stub.Element.GetRawText());
    }
}

/// <summary>Reads mapping files: one stub or <c>{"mappings": [...]}</c>, with comments, trailing commas and a BOM allowed.</summary>
internal static class MappingFileReader
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256, AllowDuplicateProperties = false };

    /// <summary>Every <c>*.json</c> under <c>root/mappings</c> (or under <c>root</c> itself when it has no <c>mappings</c> folder), sub-folders included, in name order.</summary>
    public static List<StubPlan> ReadFolder(string root, MockServerOptions options)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The WireMock folder {Path.GetFullPath(root)} does not exist; give the folder that holds mappings/ and __files/.");
        }

        var mappings = Path.Combine(root, "mappings");
        var folder = Directory.Exists(mappings) ? mappings : root;
        var filesFolder = Path.Combine(root, "__files");
        var files = Directory.Exists(filesFolder) ? new FilesRoot(filesFolder) : null;
        var plans = new List<StubPlan>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            plans.AddRange(ReadFile(path, files, options));
        }

        return plans;
    }

    public static List<StubPlan> ReadFile(string path, FilesRoot? files, MockServerOptions options) =>
        ReadJson(File.ReadAllBytes(path), Path.GetFullPath(path), files, options);

    public static List<StubPlan> ReadJson(ReadOnlyMemory<byte> json, string file, FilesRoot? files, MockServerOptions options)
    {
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new WireMockMappingException(file, "$", "not valid UTF-8 text; save the mapping file as UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException ex)
        {
            throw new WireMockMappingException(file, ex.Path ?? "$", $"not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        using (document)
        {
            var root = new JsonNode(document.RootElement, file, "$").ExpectObject();
            if (root.Get("mappings") is { } list)
            {
                return [.. list.Items().Select(item => StubReader.Read(item.ExpectObject(), files, options))];
            }

            return [StubReader.Read(root, files, options)];
        }
    }
}
