using System.Runtime.CompilerServices;
using System.Text;

namespace Courier;

/// <summary>Splits streamed text into lines on <c>\n</c>, <c>\r\n</c> and <c>\r</c>, joining lines split across chunks.</summary>
internal static class LineSplitter
{
    public static async IAsyncEnumerable<string> SplitAsync(IAsyncEnumerable<string> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new StringBuilder();
        var lastWasCr = false;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var start = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                var c = chunk[i];
                if (c == '\n' && lastWasCr && i == start && pending.Length == 0)
                {
                    // The \n of a \r\n whose \r ended the previous chunk or line.
                    start = i + 1;
                    lastWasCr = false;
                    continue;
                }

                lastWasCr = false;
                if (c is '\n' or '\r')
                {
                    pending.Append(chunk, start, i - start);
                    yield return pending.ToString();
                    pending.Clear();
                    if (c == '\r')
                    {
                        if (i + 1 < chunk.Length && chunk[i + 1] == '\n')
                        {
                            i++;
                        }
                        else if (i + 1 == chunk.Length)
                        {
                            lastWasCr = true;
                        }
                    }

                    start = i + 1;
                }
            }

            pending.Append(chunk, start, chunk.Length - start);
        }

        if (pending.Length > 0)
        {
            yield return pending.ToString();
        }
    }
}
