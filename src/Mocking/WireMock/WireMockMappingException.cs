namespace Courier.Mocking.WireMock;

/// <summary>
/// A WireMock mapping could not be loaded. The message names the file, the JSON path of the bad value and what was
/// expected there, e.g. <c>proxy-sample.json: $.priority: expected an integer (1 is the highest), found the string "LOW"</c>.
/// </summary>
public sealed class WireMockMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireMockMappingException(string file, string jsonPath, string problem, Exception? inner = null)
        : base($"{file}: {jsonPath}: {problem}", inner)
    {
        File = file;
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>The mapping file (or <c>(inline)</c> for JSON given directly).</summary>
    public string File { get; }

    /// <summary>The JSON path of the bad value, e.g. <c>$.mappings[2].request.method</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What was wrong and what was expected.</summary>
    public string Problem { get; }
}
