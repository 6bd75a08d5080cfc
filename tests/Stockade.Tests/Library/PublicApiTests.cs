using PublicApiGenerator;
using Stockade.Tests.Docs;

namespace Stockade.Tests.Library;

/// <summary>
/// The public surface of the library package — every public type and member of the assemblies in
/// Stockade.Core.nupkg — is the one approved in <c>ASSEMBLY.approved.txt</c> beside this file, so
/// a change to it is a reviewed change of the approved file, never an accident (docs/library.md).
/// After a deliberate change, rewrite the files with <see cref="UpdateCommand"/>.
/// </summary>
public class PublicApiTests
{
    private const string UpdateCommand =
        "STOCKADE_UPDATE_API=1 dotnet test Stockade.sln --filter \"FullyQualifiedName~PublicApiTests\"";

    private static bool Updating => Environment.GetEnvironmentVariable("STOCKADE_UPDATE_API") == "1";

    /// <summary>The assemblies the package ships: Stockade.Core and Stockade.Cel, which it carries.</summary>
    public static TheoryData<string> PackagedAssemblies => new() { "Stockade.Core", "Stockade.Cel" };

    [Theory]
    [MemberData(nameof(PackagedAssemblies))]
    public void The_public_surface_is_the_approved_one(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.Load(assemblyName);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // Compiler-generated and build-specific attributes are no part of the surface.
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var path = RepositoryFiles.PathOf("tests", "Stockade.Tests", "Library", assemblyName + ".approved.txt");
        if (File.Exists(path) && File.ReadAllText(path) == api) return;
        if (Updating)
        {
            File.WriteAllText(path, api);
            return;
        }
        Assert.Fail(File.Exists(path)
            ? $"The public API of {assemblyName} differs from {path}. If the change is deliberate, update docs/library.md and run: {UpdateCommand}\n{FirstDifference(File.ReadAllText(path), api)}"
            : $"{path} is missing; run: {UpdateCommand}");
    }

    private static string FirstDifference(string approved, string actual)
    {
        var a = approved.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var was = i < a.Length ? a[i] : "(end)";
            var now = i < b.Length ? b[i] : "(end)";
            if (was != now) return $"first difference at line {i + 1}:\n  approved: {was}\n  actual:   {now}";
        }
        return "";
    }
}
