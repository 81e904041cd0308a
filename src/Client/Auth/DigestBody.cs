namespace Courier;

/// <summary>The request body's bytes for <c>qop=auth-int</c>'s H(entity-body).</summary>
internal static class DigestBody
{
    /// <summary>The body's bytes (empty without a body), or null for a body that cannot be read twice.</summary>
    public static async ValueTask<byte[]?> ReadAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Body is null)
        {
            return [];
        }

        if (request.Body.Buffered is { } bytes)
        {
            return bytes.ToArray();
        }

        if (!request.Body.IsReplayable || request.Body is StreamBody { CanSeek: false })
        {
            return null;
        }

        // A seekable stream or multipart body: read it once here; the send rewinds it.
        using var content = request.Body.CreateContent(ClientOptions.DefaultJsonOptions);
        return await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
