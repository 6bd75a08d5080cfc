using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container's entrypoint as the rules read it: its <c>command</c> words, then its <c>args</c>.
/// Read with a loop, not <c>Concat</c>: several rules ask every container of every pod.
/// </summary>
internal static class EntrypointWords
{
    /// <summary>The first word that matches, or an unset field.</summary>
    public static Field<string> First(ContainerModel container, Func<Field<string>, bool> match)
    {
        for (var i = 0; i < container.Command.Count; i++)
        {
            if (match(container.Command[i])) return container.Command[i];
        }
        for (var i = 0; i < container.Args.Count; i++)
        {
            if (match(container.Args[i])) return container.Args[i];
        }
        return default;
    }
}
