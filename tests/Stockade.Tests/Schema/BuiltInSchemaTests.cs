using Stockade.Kube.Schema;
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

    [Fact]
    public void Every_type_the_kinds_reach_parses()
    {
        // A type's fields are parsed when a check first reaches it: walk them all, so that a row
        // naming a type the table lacks fails here rather than in the middle of a scan.
        var seen = new HashSet<SchemaType>();
        var pending = new Stack<SchemaType>(BuiltInSchema.Kinds);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var shape in type.Fields.Values)
            {
                var inner = shape;
                while (inner.Element != null) inner = inner.Element;
                if (inner.Type != null) pending.Push(inner.Type);
            }
        }
        Assert.True(seen.Count > 500, $"{seen.Count} types reached");
        Assert.NotEmpty(BuiltInSchema.KindOf("v1", "Pod")!.Fields["spec"].Type!.Fields["containers"].Element!.Type!.Fields);
    }
}
