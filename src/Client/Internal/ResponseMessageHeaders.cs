using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Courier;

/// <summary>
/// Whether an <see cref="HttpResponseMessage"/> has any response headers, asked without creating them:
/// <see cref="HttpResponseMessage.Headers"/> allocates an empty collection on first use, and the client asks for
/// <c>Set-Cookie</c> on every response, while mocks and canned handlers often set no response header at all.
/// Reads the message's private field when this runtime has it (probed once); otherwise it answers "maybe".
/// </summary>
internal static class ResponseMessageHeaders
{
    private static readonly bool FieldAvailable = Probe();

    /// <summary>False only when the message certainly has no response header (its collection was never created).</summary>
    public static bool MayHave(HttpResponseMessage message) => !FieldAvailable || HeadersField(message) is not null;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_headers")]
    private static extern ref HttpResponseHeaders? HeadersField(HttpResponseMessage message);

    private static bool Probe()
    {
        try
        {
            using var probe = new HttpResponseMessage();
            if (HeadersField(probe) is not null)
            {
                return false;
            }

            // The field must be the collection the public property creates, or it is not the one we think.
            var created = probe.Headers;
            return ReferenceEquals(HeadersField(probe), created);
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }
}
