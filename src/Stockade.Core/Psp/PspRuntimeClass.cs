using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary><c>runtimeClass</c>: a set runtimeClassName must be allowed (<c>*</c> allows any); an unset one is defaulted.</summary>
internal static class PspRuntimeClass
{
    public static void Validate(PspPolicy psp, PodSubject pod, List<PspError> errors)
    {
        var name = pod.Spec.RuntimeClassName;
        if (!psp.HasRuntimeClass || !name.IsSet) return;
        if (psp.AllowedRuntimeClassNames.Any(n => n.Value == PspVocabulary.All || n.Value == name.Value)) return;
        errors.Add(PspError.Invalid("runtimeClass", name.Path, name.Position, name.Value, ""));
    }

    public static PodSubject Default(PspPolicy psp, PodSubject pod, PspChanges changes)
    {
        var spec = pod.Spec;
        if (!psp.HasRuntimeClass || spec.RuntimeClassName.IsSet || !psp.DefaultRuntimeClassName.IsSet) return pod;
        var d = psp.DefaultRuntimeClassName.Value;
        changes.Set(PspChanges.PointerOf(spec.Path) + "/runtimeClassName", JsonValue.Create(d), $"runtimeClassName={d}");
        return pod with { Spec = spec with { RuntimeClassName = PspPodFields.Defaulted(d, spec.Position, spec.Path, "runtimeClassName") } };
    }
}
