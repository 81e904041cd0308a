using Courier.DependencyInjection;

namespace Courier.ClientTests.Extensions;

/// <summary>DESIGN.md: the core stays BCL-only; what needs Microsoft.Extensions lives in the satellite.</summary>
public class SatelliteBoundaryTests
{
    [Test]
    public void Core_ReferencesTheBclOnly()
    {
        var references = typeof(Client).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldAllBe(name => name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard" || name == "Microsoft.Win32.Primitives");
    }

    [Test]
    public void Satellite_IsWhereMicrosoftExtensionsComeIn()
    {
        var references = typeof(ICourierClientFactory).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldContain("Courier");
        references.ShouldContain("Microsoft.Extensions.DependencyInjection.Abstractions");
        references.ShouldContain("Microsoft.Extensions.Logging.Abstractions");
    }
}
