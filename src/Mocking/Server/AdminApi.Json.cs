using System.Text.Json;
using Courier.Mocking.WireMock;
using Microsoft.AspNetCore.Http;

namespace Courier.Mocking;

/// <summary>The admin API's JSON payloads (WireMock's shapes).</summary>
public sealed partial class MockServer
{
    private void WriteMappings(Utf8JsonWriter writer)
    {
        List<(StubPlan Plan, MockRoute Route)> mappings;
        lock (_mappings)
        {
            mappings = [.. _mappings];
        }

        // Stubs added in C# have no WireMock JSON: they are listed by name, marked as such, so the list is complete.
        var fromJson = mappings.Select(m => m.Route).ToHashSet();
        var fromCode = Stubs.Where(route => !fromJson.Contains(route)).ToList();
        writer.WriteStartObject();
        writer.WriteStartArray("mappings");
        foreach (var (plan, _) in mappings)
        {
            WriteMapping(writer, plan);
        }

        foreach (var route in fromCode)
        {
            writer.WriteStartObject();
            writer.WriteString("name", route.ToString());
            writer.WriteStartObject("metadata");
            writer.WriteString("source", "csharp");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("meta");
        writer.WriteNumber("total", mappings.Count + fromCode.Count);
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
            writer.WriteBoolean("bodyTruncated", entry.BodyTruncated);
            writer.WriteNumber("bodySize", entry.BodyLength);
            writer.WriteString("loggedDate", entry.LoggedAt);
            writer.WriteEndObject();
            writer.WriteBoolean("wasMatched", entry.WasMatched);
            writer.WriteBoolean("wasRejected", entry.WasRejected);
            if (entry.RejectionReason is { } reason)
            {
                writer.WriteString("rejectionReason", reason);
            }

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

    private void WriteNearMisses(Utf8JsonWriter writer, Matching.RequestSnapshot request, List<(MockRoute Route, Matching.PatternResult Result)> closest)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("nearMisses");
        foreach (var (route, result) in closest)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("request");
            writer.WriteString("url", request.PathAndQuery);
            writer.WriteString("method", request.Method);
            writer.WriteEndObject();
            (StubPlan Plan, MockRoute Route)? mapping;
            lock (_mappings)
            {
                var index = _mappings.FindIndex(m => m.Route == route);
                mapping = index < 0 ? null : _mappings[index];
            }

            writer.WritePropertyName("stubMapping");
            if (mapping is { } found)
            {
                WriteMapping(writer, found.Plan);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("name", route.ToString());
                writer.WriteEndObject();
            }

            writer.WriteStartObject("matchResult");
            writer.WriteNumber("distance", Math.Round(result.Distance, 4));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
