namespace Courier.Mocking;

public sealed partial class MockServer
{
    /// <summary>Loads WireMock mappings from a root folder holding <c>mappings/</c> and <c>__files/</c>.</summary>
    public void LoadMappings(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        throw new NotSupportedException($"WireMock mappings are not loaded yet ({_stubs.Routes.Count} stubs).");
    }
}
