using System.IO.Compression;
using Stockade.Tests.Docs;

namespace Stockade.Tests.Release;

/// <summary>
/// The repository declares no licence yet (the owners' decision): every artefact that could state
/// one says the same, that none is asserted, and docs/install.md says a licence is yet to be chosen.
/// </summary>
public class LicenceStatementTests
{
    private static string Read(params string[] path) => File.ReadAllText(RepositoryFiles.PathOf(path));

    [Fact]
    public void The_image_label_of_both_builds_is_NOASSERTION_and_no_package_or_manifest_names_a_licence()
    {
        Assert.Contains("org.opencontainers.image.licenses=NOASSERTION", Read("build", "image.sh"));
        Assert.Contains("org.opencontainers.image.licenses=NOASSERTION", Read("Dockerfile"));
        foreach (var project in new[] { Read("Directory.Build.props"), Read("src", "Stockade.Cli", "Stockade.Cli.csproj"), Read("src", "Stockade.Core", "Stockade.Core.csproj") })
        {
            Assert.DoesNotContain("PackageLicense", project);
        }
        Assert.DoesNotContain("licen", Read("plugins", "stockade.yaml"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The repository does not declare a licence yet", Read("docs", "install.md"));
    }

    [Fact]
    [Trait("Category", ReleaseFolder.Category)]
    public void The_release_packages_carry_no_licence_element()
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        foreach (var package in Directory.GetFiles(dir, "*.nupkg"))
        {
            using var zip = ZipFile.OpenRead(package);
            var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspec.Open());
            var text = reader.ReadToEnd();
            Assert.DoesNotContain("<license", text);
        }
    }
}
