using Courier.Recorder.Recording;

namespace Courier.Recorder;

public sealed partial class Recorder
{
    /// <summary>Sends to the network, records the filtered interaction, saves the cassette, returns the live response.</summary>
    private async Task<HttpResponseMessage> RecordAsync(HttpRequestMessage request, RecordedRequest filteredRequest, List<string> findings, CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        RecordedResponse captured;
        try
        {
            captured = await Messages.CaptureAsync(response, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A body that ended early (RST, short Content-Length) is never recorded as complete.
            response.Dispose();
            throw;
        }

        var recorded = _options.DecodeCompressedResponse ? Messages.Decode(captured) : captured;
        if (_options.RecordElapsed)
        {
            recorded = recorded with { Elapsed = _options.TimeProvider.GetElapsedTime(started) };
        }

        recorded = _filters.Filter(recorded);
        var hookedRequest = _options.BeforeRecordRequest is { } onRequest ? onRequest(filteredRequest) : filteredRequest;
        var hookedResponse = _options.BeforeRecordResponse is { } onResponse ? onResponse(recorded) : recorded;
        if (hookedRequest is not null && hookedResponse is not null)
        {
            await AppendAsync(new Interaction(hookedRequest, hookedResponse), findings, cancellationToken).ConfigureAwait(false);
        }

        var replacement = Messages.Build(captured, request);
        replacement.Version = response.Version;
        response.Dispose();
        return replacement;
    }

    private async Task AppendAsync(Interaction interaction, List<string> findings, CancellationToken cancellationToken)
    {
        if (_options.RewriteLeftoverSecrets)
        {
            // Last step before saving, after the hooks: whatever the filters and hooks left is rewritten (and reported).
            interaction = _leftovers.Rewrite(interaction, Cassette.Interactions.Count, findings);
            foreach (var finding in findings.Distinct(StringComparer.Ordinal))
            {
                Warn($"Rewrote a leftover secret to '{_options.RedactedValue}' before saving {interaction.Request.Method} {Matching.Redaction.Uri(interaction.Request.Uri)}: {finding}. " +
                     "Add a filter (RedactHeaders, FilterQueryParameters, FilterFormFields, FilterJsonMembers, Placeholders) to make it explicit.");
            }
        }
        else
        {
            foreach (var warning in SecretScanner.Scan(interaction))
            {
                Warn(warning);
            }
        }

        lock (_gate)
        {
            Cassette.Add(interaction);
            _finder.Add(interaction);
            _finder.MarkLastPlayed();
        }

        if (Cassette.Path is null)
        {
            return;
        }

        await _saveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Task save;
            lock (_gate)
            {
                save = Cassette.SaveAsync(options: _options.SaveOptions, cancellationToken: cancellationToken);
            }

            await save.ConfigureAwait(false);
        }
        finally
        {
            _saveGate.Release();
        }
    }
}
