using Stockade.Kube;
using Stockade.Kube.Schema;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>
/// Turns <see cref="StrictFields"/> problems into the scan's errors (<see cref="FieldValidation.Strict"/>)
/// or notes (<see cref="FieldValidation.Warn"/>). The object is judged either way: a client that
/// does not validate deploys it, and the rules read what such a client sends.
/// </summary>
internal static class FieldValidationCheck
{
    public static void Run(FieldValidation mode, ParsedDocument doc, KubeObject obj, IEnumerable<YamlDiagnostic> duplicates, DocumentOutcome outcome)
    {
        if (mode == FieldValidation.Ignore) return;
        var problems = new List<FieldProblem>();
        if (!StrictFields.Check(obj, duplicates, problems))
        {
            outcome.Notes.Add(new ScanNote(doc.File, obj.Position.Line, obj.Position.Column,
                $"{obj.Ref}: fields not validated: {obj.ApiVersion} {obj.Kind} is not a built-in kind of Kubernetes {BuiltInSchema.KubernetesVersion} (a custom resource, or an API version it does not serve)"));
            return;
        }
        foreach (var p in problems)
        {
            if (mode == FieldValidation.Strict)
            {
                outcome.Errors.Add(new ScanError(doc.File, p.Position.Line, p.Position.Column,
                    $"{obj.Ref}: {p.Message}: kubectl apply rejects it (strict field validation; --validate warn or ignore to accept it)"));
            }
            else
            {
                outcome.Notes.Add(new ScanNote(doc.File, p.Position.Line, p.Position.Column, $"warning: {obj.Ref}: {p.Message}"));
            }
        }
    }
}
