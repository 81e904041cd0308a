using System.Text;
using System.Text.Json;
using Courier.Mocking.WireMock;
using Microsoft.AspNetCore.Http;

namespace Courier.Mocking;

public sealed partial class MockServer
{
    private const string AdminPrefix = "/__admin";

    /// <summary>Serves the part of WireMock's admin API built so far; false when the path is not an admin path.</summary>
    private async Task<bool> TryAdminAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(AdminPrefix, StringComparison.Ordinal) || (path.Length > AdminPrefix.Length && path[AdminPrefix.Length] != '/'))
        {
            return false;
        }

        if (Options.AdminToken is { } token && context.Request.Headers.Authorization.ToString() != $"Bearer {token}")
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status401Unauthorized, "The admin API needs 'Authorization: Bearer <MockServerOptions.AdminToken>'.\n", cancellationToken).ConfigureAwait(false);
            return true;
        }

        var route = path[AdminPrefix.Length..].TrimEnd('/');
        var method = context.Request.Method;
        switch (method, route)
        {
            case ("GET", "/mappings"):
                await JsonAsync(context, 200, w => WriteMappings(w), cancellationToken).ConfigureAwait(false);
                break;
            case ("POST", "/mappings"):
                await CreateMappingAsync(context, cancellationToken).ConfigureAwait(false);
                break;
            case ("GET", "/requests"):
                await JsonAsync(context, 200, w => WriteRequests(w, _journal.All()), cancellationToken).ConfigureAwait(false);
                break;
            case ("GET", "/requests/unmatched"):
                await JsonAsync(context, 200, w => WriteRequests(w, [.. _journal.All().Where(e => !e.WasMatched)]), cancellationToken).ConfigureAwait(false);
                break;
            case ("POST", "/requests/find"):
            case ("POST", "/requests/count"):
                await FindRequestsAsync(context, route.EndsWith("count", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                break;
            case ("DELETE", "/requests"):
                ResetRequests();
                context.Response.StatusCode = 200;
                break;
            case ("GET", "/scenarios"):
                await JsonAsync(context, 200, WriteScenarios, cancellationToken).ConfigureAwait(false);
                break;
            case ("POST", "/scenarios/reset"):
                ResetScenarios();
                context.Response.StatusCode = 200;
                break;
            case ("POST", "/reset"):
                ResetRequests();
                ResetScenarios();
                context.Response.StatusCode = 200;
                break;
            default:
                await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status404NotFound, $"{method} {AdminPrefix}{route} is not part of the admin API built so far (see docs/mock-server.md).\n", cancellationToken).ConfigureAwait(false);
                break;
        }

        return true;
    }

    private async Task CreateMappingAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var routes = AddMappings(json);
            List<(StubPlan Plan, MockRoute Route)> added;
            lock (_mappings)
            {
                added = [.. _mappings.Where(m => routes.Contains(m.Route))];
            }

            await JsonAsync(context, 201, w => WriteMapping(w, added[0].Plan), cancellationToken).ConfigureAwait(false);
        }
        catch (WireMockMappingException ex)
        {
            await JsonAsync(context, 422, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("errors");
                w.WriteStartObject();
                w.WriteString("code", "10");
                w.WriteStartObject("source");
                w.WriteString("pointer", ex.JsonPath);
                w.WriteEndObject();
                w.WriteString("title", "Error parsing JSON");
                w.WriteString("detail", ex.Problem);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>WireMock's <c>requests/find</c> and <c>requests/count</c>: the body is a request pattern, as in a mapping's <c>request</c>.</summary>
    private async Task FindRequestsAsync(HttpContext context, bool countOnly, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        Matching.RequestPattern pattern;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            pattern = new Matching.RequestPattern(MappingRequestReader.Read(new JsonNode(document.RootElement, "(admin request pattern)", "$").ExpectObject(), Options.RegexTimeout));
        }
        catch (Exception ex) when (ex is JsonException or WireMockMappingException)
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status422UnprocessableEntity, ex.Message + "\n", cancellationToken).ConfigureAwait(false);
            return;
        }

        var found = _journal.All().Where(e => pattern.IsMatch(e.Request)).ToArray();
        if (countOnly)
        {
            await JsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("count", found.Length);
                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await JsonAsync(context, 200, w => WriteRequests(w, found), cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteMappings(Utf8JsonWriter writer)
    {
        List<(StubPlan Plan, MockRoute Route)> mappings;
        lock (_mappings)
        {
            mappings = [.. _mappings];
        }

        writer.WriteStartObject();
        writer.WriteStartArray("mappings");
        foreach (var (plan, _) in mappings)
        {
            WriteMapping(writer, plan);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("meta");
        writer.WriteNumber("total", mappings.Count);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMapping(Utf8JsonWriter writer, StubPlan plan)
    {
        using var document = JsonDocument.Parse(plan.Json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        writer.WriteStartObject();
        writer.WriteString("id", plan.Id);
        foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name is not "id" and not "uuid"))
        {
            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteRequests(Utf8JsonWriter writer, IReadOnlyList<ServedRequest> entries)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("requests");
        foreach (var entry in entries.Reverse())
        {
            writer.WriteStartObject();
            writer.WriteString("id", entry.Id);
            writer.WriteStartObject("request");
            writer.WriteString("url", entry.Request.PathAndQuery);
            writer.WriteString("absoluteUrl", entry.Request.Url.ToString());
            writer.WriteString("method", entry.Request.Method);
            writer.WriteStartObject("headers");
            foreach (var group in entry.Request.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteString(group.Key, string.Join(", ", group.Select(h => h.Value)));
            }

            writer.WriteEndObject();
            writer.WriteString("body", entry.Request.Text);
            writer.WriteString("loggedDate", entry.LoggedAt);
            writer.WriteEndObject();
            writer.WriteBoolean("wasMatched", entry.WasMatched);
            writer.WriteNumber("responseStatus", entry.StatusCode);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("meta");
        writer.WriteNumber("total", entries.Count);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteScenarios(Utf8JsonWriter writer)
    {
        List<StubPlan> plans;
        lock (_mappings)
        {
            plans = [.. _mappings.Select(m => m.Plan)];
        }

        writer.WriteStartObject();
        writer.WriteStartArray("scenarios");
        foreach (var name in plans.Select(p => p.ScenarioName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("id", name);
            writer.WriteString("name", name);
            writer.WriteString("state", _scenarios.StateOf(name));
            writer.WriteStartArray("possibleStates");
            foreach (var state in plans.Where(p => p.ScenarioName == name).SelectMany(p => new[] { p.RequiredState, p.NewState }).OfType<string>().Prepend(ScenarioStore.Started).Distinct(StringComparer.Ordinal))
            {
                writer.WriteStringValue(state);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
