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

        if (ForeignAdminCaller(context.Request) is { } foreign)
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status403Forbidden, $"The admin API answers loopback callers only: {foreign}.\n", cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (await AdminBodyTooLargeAsync(context, cancellationToken).ConfigureAwait(false))
        {
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
            case ("DELETE", "/mappings"):
                RemoveMappings();
                context.Response.StatusCode = 200;
                break;
            case ("POST", "/mappings/reset"):
                await ResetMappingsAsync(context, cancellationToken).ConfigureAwait(false);
                break;
            case (_, _) when route.StartsWith("/mappings/", StringComparison.Ordinal) && Guid.TryParse(route["/mappings/".Length..], out var id):
                await MappingByIdAsync(context, method, id, cancellationToken).ConfigureAwait(false);
                break;
            case ("GET", "/requests"):
                await JsonAsync(context, 200, w => WriteRequests(w, _journal.All()), cancellationToken).ConfigureAwait(false);
                break;
            case ("GET", "/requests/unmatched"):
                await JsonAsync(context, 200, w => WriteRequests(w, [.. _journal.All().Where(e => e.IsUnmatched)]), cancellationToken).ConfigureAwait(false);
                break;
            case ("POST", "/requests/find"):
            case ("POST", "/requests/count"):
                await FindRequestsAsync(context, route.EndsWith("count", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                break;
            case ("POST", "/near-misses/request"):
                await NearMissesAsync(context, cancellationToken).ConfigureAwait(false);
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

        var found = Answered().Where(e => pattern.IsMatch(e.Request)).ToArray();
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

    /// <summary>GET, PUT (replace, keeping the id) and DELETE one mapping.</summary>
    private async Task MappingByIdAsync(HttpContext context, string method, Guid id, CancellationToken cancellationToken)
    {
        if (FindMapping(id) is not { } mapping)
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status404NotFound, $"No mapping has the id {id}.\n", cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (method)
        {
            case "GET":
                await JsonAsync(context, 200, w => WriteMapping(w, mapping.Plan), cancellationToken).ConfigureAwait(false);
                break;
            case "DELETE":
                RemoveStub(mapping.Route);
                context.Response.StatusCode = 200;
                break;
            case "PUT":
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
                {
                    var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    List<StubPlan> plans;
                    try
                    {
                        plans = MappingFileReader.ReadJson(Encoding.UTF8.GetBytes(json), "(admin)", null, Options);
                    }
                    catch (WireMockMappingException ex)
                    {
                        await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status422UnprocessableEntity, ex.Message + "\n", cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    var replacement = plans[0] with { Id = id };
                    RemoveStub(mapping.Route);
                    Apply([replacement]);
                    await JsonAsync(context, 200, w => WriteMapping(w, replacement), cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                break;
        }
    }

    /// <summary>WireMock's <c>near-misses/request</c>: the body is a logged request (<c>url</c>, <c>method</c>, <c>headers</c>, <c>body</c>).</summary>
    private async Task NearMissesAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        Matching.RequestSnapshot request;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = new JsonNode(document.RootElement, "(admin logged request)", "$").ExpectObject();
            var url = (root.Get("url") ?? throw root.Fail("expected a \"url\"")).String();
            var method = root.Get("method")?.String() ?? "GET";
            var headers = new List<KeyValuePair<string, string>>();
            if (root.Get("headers") is { } headerNode)
            {
                foreach (var (name, value) in headerNode.Properties())
                {
                    headers.Add(new(name, value.Kind == JsonValueKind.Array ? string.Join(", ", value.Items().Select(i => i.String())) : value.String()));
                }
            }

            var body = root.Get("body")?.String() ?? string.Empty;
            request = new Matching.RequestSnapshot(method, new Uri(Url, url), headers, Encoding.UTF8.GetBytes(body));
        }
        catch (Exception ex) when (ex is JsonException or WireMockMappingException or UriFormatException or ArgumentException)
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status422UnprocessableEntity, ex.Message + "\n", cancellationToken).ConfigureAwait(false);
            return;
        }

        var closest = await ClosestAsync(request, cancellationToken).ConfigureAwait(false);
        await JsonAsync(context, 200, w => WriteNearMisses(w, request, closest), cancellationToken).ConfigureAwait(false);
    }
}
