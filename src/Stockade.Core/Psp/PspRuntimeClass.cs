using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary><c>runtimeClass</c>: a set runtimeClassName must be allowed (<c>*</c> allows any); an unset one is defaulted.</summary>
public static class PspRuntimeClass
{
    public static void Validate(PspPolicy psp, PspPod pod, List<PspError> errors)
    {
        if (!psp.HasRuntimeClass || pod.RuntimeClassName is not { } name) return;
        if (psp.AllowedRuntimeClassNames.Any(n => n.Value == PspVocabulary.All || n.Value == name.Value)) return;
        errors.Add(PspError.Invalid("runtimeClass", name.Path, name.Position, name.Value, ""));
    }

    public static void Default(PspPolicy psp, PspPod pod, PspChanges changes)
    {
        if (!psp.HasRuntimeClass || pod.RuntimeClassName != null || !psp.DefaultRuntimeClassName.IsSet) return;
        var d = psp.DefaultRuntimeClassName.Value;
        pod.RuntimeClassName = new Val<string>(d, pod.SpecPosition, pod.SpecPath + ".runtimeClassName");
        changes.Set(pod.SpecPointer + "/runtimeClassName", JsonValue.Create(d), $"runtimeClassName={d}");
    }
}
