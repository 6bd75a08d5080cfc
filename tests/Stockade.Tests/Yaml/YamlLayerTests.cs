using Stockade.Tests.Docs;

namespace Stockade.Tests.Yaml;

/// <summary>The YAML layer sits below everything that reads Kubernetes objects.</summary>
public class YamlLayerTests
{
    [Fact]
    public void The_yaml_layer_uses_nothing_of_the_psp_or_kube_layers()
    {
        var folder = RepositoryFiles.PathOf("src", "Stockade.Core", "Yaml");
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains("Psp", StringComparison.Ordinal), $"{Path.GetFileName(file)} uses Stockade.Psp");
            Assert.False(text.Contains("Stockade.Kube", StringComparison.Ordinal), $"{Path.GetFileName(file)} uses Stockade.Kube");
        }
    }
}
