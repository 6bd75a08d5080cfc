using Stockade.Tests.Docs;

namespace Stockade.Tests.Schema;

/// <summary>
/// The field table strict validation checks against is generated from the KubernetesClient models,
/// never hand-edited. Run with STOCKADE_UPDATE_SCHEMA=1 to rewrite it after a package update.
/// </summary>
public class BuiltInSchemaTests
{
    private static readonly string TablePath = RepositoryFiles.PathOf("src", "Stockade.Core", "Kube", "Schema", "BuiltInSchema.g.cs");

    [Fact]
    public void The_built_in_schema_is_the_table_generated_from_the_KubernetesClient_models()
    {
        var expected = BuiltInSchemaGenerator.Render();
        if (File.Exists(TablePath) && File.ReadAllText(TablePath) == expected) return;
        if (Environment.GetEnvironmentVariable("STOCKADE_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(TablePath, expected);
            return;
        }
        Assert.Fail($"{TablePath} is stale: run STOCKADE_UPDATE_SCHEMA=1 dotnet test Stockade.sln --filter \"FullyQualifiedName~BuiltInSchemaTests\"");
    }
}
