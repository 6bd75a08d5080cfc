using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.ControlPlane;

/// <summary>The control-plane programs recognised in static-pod manifests.</summary>
internal enum Component
{
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
    /// <summary>The kubelet as a process (<c>stockade node</c>) or in a container: only its flag rules read it; its configuration file is the kubelet rules'.</summary>
    Kubelet,
    KubeProxy,
}

/// <summary>One flag as the program parses it: its name, its value and the command/args item that set it.</summary>
internal readonly record struct Flag(string Name, string Value, Field<string> Token);

/// <summary>
/// The flags of one control-plane container, read from <c>command</c> then <c>args</c> as the
/// program sees its argv: <c>--flag=value</c>, <c>--flag value</c> and bare boolean
/// <c>--flag</c>; for a flag given twice, the last one counts (list flags accumulate).
/// </summary>
internal sealed class ComponentFlags
{
    private readonly Dictionary<string, List<Flag>> _flags = new(StringComparer.Ordinal);

    private ComponentFlags(Component component, ContainerModel container)
    {
        Component = component;
        Container = container;
    }

    public Component Component { get; }
    public ContainerModel Container { get; }

    public string ProgramName => Names[Component];

    private static readonly Dictionary<Component, string> Names = new()
    {
        [Component.ApiServer] = "kube-apiserver",
        [Component.ControllerManager] = "kube-controller-manager",
        [Component.Scheduler] = "kube-scheduler",
        [Component.Etcd] = "etcd",
        [Component.Kubelet] = "kubelet",
        [Component.KubeProxy] = "kube-proxy",
    };

    /// <summary>Boolean flags: a bare <c>--flag</c> is true and does not take the next item as its value.</summary>
    private static readonly HashSet<string> BoolFlags =
    [
        "anonymous-auth", "profiling", "service-account-lookup", "use-service-account-credentials", "client-cert-auth",
        "auto-tls", "peer-client-cert-auth", "peer-auto-tls", "allow-privileged",
        "contention-profiling", "leader-elect", "enable-bootstrap-token-auth", "enable-aggregator-routing",
        "debug", "enable-pprof", "strict-reconfig-check", "logtostderr", "enable-priority-and-fairness", "insecure-skip-tls-verify",
        "service-account-extend-token-expiration",
    ];

    /// <summary>List-valued flags whose repeated occurrences add up.</summary>
    private static readonly HashSet<string> ListFlags =
    [
        "enable-admission-plugins", "disable-admission-plugins", "authorization-mode", "tls-cipher-suites", "cipher-suites", "feature-gates", "controllers",
    ];

    /// <summary>The container's component and flags, or null when the container runs none of them.</summary>
    public static ComponentFlags? Read(ContainerModel container)
    {
        // Every control-plane rule asks every container: the words are copied only for a component's.
        var component = Recognise(container, out var skip);
        if (component == null) return null;
        var argv = new List<Field<string>>(container.Command.Count + container.Args.Count);
        argv.AddRange(container.Command);
        argv.AddRange(container.Args);
        var flags = new ComponentFlags(component.Value, container);
        for (var i = skip; i < argv.Count; i++)
        {
            var token = argv[i];
            var text = token.Value;
            if (!text.StartsWith('-') || text == "-" || text == "--") continue;
            var body = text.TrimStart('-');
            var eq = body.IndexOf('=');
            string name, value;
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
                var takesNext = !BoolFlags.Contains(name) && i + 1 < argv.Count && !argv[i + 1].Value.StartsWith('-');
                value = takesNext ? argv[++i].Value : "true";
            }
            if (!flags._flags.TryGetValue(name, out var list)) flags._flags[name] = list = new List<Flag>();
            list.Add(new Flag(name, value, token));
        }
        return flags;
    }

    /// <summary>
    /// By the program the container runs: <c>command[0]</c> (or the first arg when there is no
    /// command) named after it, hyperkube's sub-command, else the image's repository name.
    /// </summary>
    private static Component? Recognise(ContainerModel container, out int skip)
    {
        skip = 0;
        var words = container.Command.Count + container.Args.Count;
        if (words > 0)
        {
            var first = BaseName(Word(container, 0).Value);
            if (ByName(first) is { } c)
            {
                skip = 1;
                return c;
            }
            if (first is "hyperkube" && words > 1 && ByName(Word(container, 1).Value) is { } h)
            {
                skip = 2;
                return h;
            }
            if (!Word(container, 0).Value.StartsWith('-') && container.Command.Count > 0) return null; // runs some other program
        }
        if (!container.Image.IsSet) return null;
        var image = container.Image.Value.AsSpan();
        var at = image.IndexOf('@');
        if (at >= 0) image = image[..at];
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var repository = colon > slash ? image[(slash + 1)..colon] : image[(slash + 1)..];
        return ByName(repository);
    }

    /// <summary>Word <paramref name="i"/> of the entrypoint: the command's words, then the args.</summary>
    private static Field<string> Word(ContainerModel container, int i) =>
        i < container.Command.Count ? container.Command[i] : container.Args[i - container.Command.Count];

    private static ReadOnlySpan<char> BaseName(string path) => path.AsSpan(path.LastIndexOf('/') + 1);

    private static Component? ByName(ReadOnlySpan<char> name) => name switch
    {
        "kube-apiserver" => Component.ApiServer,
        "kube-controller-manager" => Component.ControllerManager,
        "kube-scheduler" => Component.Scheduler,
        "etcd" => Component.Etcd,
        "kubelet" => Component.Kubelet,
        "kube-proxy" => Component.KubeProxy,
        _ => null,
    };

    /// <summary>The flag's last occurrence, if given.</summary>
    public Flag? Get(string name) => _flags.TryGetValue(name, out var list) ? list[^1] : null;

    public bool Has(string name) => _flags.ContainsKey(name);

    /// <summary>A list flag's items, every occurrence's comma-separated values together (empty items dropped).</summary>
    public List<string> List(string name) => _flags.TryGetValue(name, out var list)
        ? list.SelectMany(f => f.Value.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList()
        : [];

    /// <summary>A boolean flag's value as Go's strconv.ParseBool reads it; <paramref name="fallback"/> when absent; null when unparsable.</summary>
    public bool? Bool(string name, bool fallback)
    {
        if (Get(name) is not { } flag) return fallback;
        return flag.Value switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => null,
        };
    }

    /// <summary>The value of a key in <c>--feature-gates</c> (last one wins), or null.</summary>
    public bool? FeatureGate(string gate)
    {
        bool? value = null;
        foreach (var item in List("feature-gates"))
        {
            var eq = item.IndexOf('=');
            if (eq < 0 || item[..eq].Trim() != gate) continue;
            if (bool.TryParse(item[(eq + 1)..].Trim(), out var b)) value = b;
        }
        return value;
    }

    /// <summary>Reports at the flag when it is given, else at the container's command (where it would go).</summary>
    public void Report(RuleContext context, string flag, string message)
    {
        if (Get(flag) is { } f)
        {
            context.Report(f.Token, message, Container);
            return;
        }
        var at = Container.Command.Count > 0 ? Container.Command[0] : Container.Args.Count > 0 ? Container.Args[0] : Container.Name;
        var path = Container.Command.Count > 0 ? Container.Command[0].OwnerPath : Container.Args.Count > 0 ? Container.Args[0].OwnerPath : at.Path;
        context.Report(at.Position, path, message, Container);
    }
}
