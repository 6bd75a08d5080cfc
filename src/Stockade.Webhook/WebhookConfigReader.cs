using Stockade.Config;
using Stockade.PodSecurity;
using Stockade.Psp;
using Stockade.Rules;
using Stockade.Yaml;

namespace Stockade.Webhook;

/// <summary>
/// Reads the webhook configuration with the project's YAML reader (the same goyaml semantics as
/// manifests). Every problem is a <see cref="ConfigException"/> naming file, line and column.
/// </summary>
internal static class WebhookConfigReader
{
    private static readonly HashSet<string> TopKeys = ["defaultMode", "routes", "workloads", "failurePolicy", "exemptions", "annotationExemptions", "namespaceDefault", "scannerConfig", "policies", "pspAuthorization", "vapPolicies", "kubernetesVersion", "clusterPolicies"];
    private static readonly HashSet<string> PspAuthorizationKeys = ["mode", "cacheSize", "cacheTtlSeconds", "timeoutSeconds"];
    private static readonly HashSet<string> ExemptionKeys = ["usernames", "namespaces", "runtimeClassNames"];

    /// <param name="extraPolicyFiles">The <c>--policy</c> files, loaded with those the file names.</param>
    public static WebhookConfig Load(string? path, IReadOnlyList<string> extraPolicyFiles)
    {
        if (path == null) return WithPolicies(new WebhookConfig(), null, extraPolicyFiles, []);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}");
        }
        return Parse(text, path, extraPolicyFiles);
    }

    public static WebhookConfig Parse(string text, string path, IReadOnlyList<string> extraPolicyFiles)
    {
        var doc = YamlTreeBuilder.Parse(text.TrimStart('\uFEFF'), path, 0, 1, ParseLimits.Default);
        if (doc.Error is { } err) throw new ConfigException($"{path}:{err.Position}: {err.Message}");
        if (doc.Root is null or YScalar { Kind: ScalarKind.Null }) return WithPolicies(new WebhookConfig { File = path }, path, extraPolicyFiles, []);
        if (doc.Root is not YMapping root) throw new ConfigException($"{path}:1:1: the configuration must be a mapping");
        foreach (var e in root.Entries)
        {
            if (!TopKeys.Contains(e.Key)) throw Fail(path, e.KeyPosition, $"unknown key \"{e.Key}\" (known: {string.Join(", ", TopKeys)})");
        }
        var routes = new Dictionary<string, AdmissionMode>(StringComparer.Ordinal);
        if (root["routes"] is { } routesNode)
        {
            if (routesNode is not YMapping routesMap) throw Fail(path, routesNode.Position, "routes: expected a mapping of route (restricted:v1.30, psp…) to mode");
            foreach (var e in routesMap.Entries) routes[e.Key] = Mode(path, e.Value, $"routes.{e.Key}", allowIgnore: false);
        }
        var scannerPath = String(path, root, "scannerConfig");
        StockadeConfig scanner = StockadeConfig.Default;
        if (scannerPath != null)
        {
            var resolved = Resolve(path, scannerPath);
            scanner = ConfigLoader.Load(resolved, Catalog.Ids);
        }
        var config = new WebhookConfig
        {
            File = path,
            DefaultMode = root["defaultMode"] is { } dm ? Mode(path, dm, "defaultMode", allowIgnore: false) : AdmissionMode.Enforce,
            RouteModes = routes,
            WorkloadMode = root["workloads"] is { } wm ? Mode(path, wm, "workloads", allowIgnore: true) : AdmissionMode.Warn,
            FailureMode = root["failurePolicy"] is { } fp ? Failure(path, fp) : FailureMode.Closed,
            Exemptions = Exemptions(path, root["exemptions"]),
            AnnotationExemptionNamespaces = AnnotationNamespaces(path, root["annotationExemptions"]),
            NamespaceDefault = root["namespaceDefault"] is { } nd ? Level(path, nd) : new WebhookConfig().NamespaceDefault,
            Scanner = scanner,
            PspAuthorization = PspAuthorization(path, root["pspAuthorization"]),
            ClusterPolicies = root["clusterPolicies"] is { } cp && Flag(path, cp, "clusterPolicies"),
        };
        var listed = root["policies"] is { } p ? Strings(path, p, "policies").Select(f => Resolve(path, f)).ToList() : [];
        var vapFiles = root["vapPolicies"] is { } v ? Strings(path, v, "vapPolicies").Select(f => Resolve(path, f)).ToList() : [];
        var version = root["kubernetesVersion"] is { } kv ? KubernetesVersion(path, kv) : Stockade.Vap.VapKubernetesVersion.Newest;
        return WithPolicies(config, path, extraPolicyFiles, listed, vapFiles, version);
    }

    /// <summary>
    /// <c>kubernetesVersion: "1.N"</c>: the API server whose CEL environment the <c>vapPolicies:</c>
    /// compile in, as <c>scan --kubernetes-version</c>. Read as written (unquoted 1.30 is a float
    /// to YAML, whose value would be 1.3).
    /// </summary>
    private static Stockade.Vap.VapKubernetesVersion KubernetesVersion(string path, YNode node) =>
        node is YScalar { Kind: ScalarKind.String or ScalarKind.Float } s
            ? Stockade.Vap.VapKubernetesVersion.Parse(s.Text, out var error) ?? throw Fail(path, node.Position, $"kubernetesVersion: {error}")
            : throw Fail(path, node.Position, $"kubernetesVersion: \"{node}\" is not a version 1.N");

    /// <summary>
    /// <c>vapPolicies:</c>: read as <c>scan --policy</c> reads them; any rejected policy or binding
    /// rejects the configuration (a reload keeps the last good one), so no policy is silently dropped.
    /// </summary>
    private static Stockade.Vap.VapPolicySet VapPolicies(string path, IReadOnlyList<string> files, Stockade.Vap.VapKubernetesVersion version)
    {
        if (files.Count == 0) return new Stockade.Vap.VapPolicySet();
        foreach (var f in files)
        {
            if (!System.IO.File.Exists(f)) throw new ConfigException($"{path}: vapPolicies file {f}: no such file");
        }
        var set = Stockade.Vap.VapLoader.Load(files.Select(f => (f, (Func<Stream>)(() => System.IO.File.OpenRead(f)))), version.Environment);
        if (set.Errors.Count > 0) throw new ConfigException(string.Join("\n", set.Errors.Select(e => e.ToString())));
        if (set.Policies.Count == 0) throw new ConfigException($"{path}: vapPolicies: no ValidatingAdmissionPolicy in {string.Join(", ", files)}");
        return set;
    }

    private static WebhookConfig WithPolicies(WebhookConfig config, string? path, IReadOnlyList<string> extra, IReadOnlyList<string> listed, IReadOnlyList<string>? vapFiles = null,
        Stockade.Vap.VapKubernetesVersion? version = null)
    {
        vapFiles ??= [];
        var files = extra.Concat(listed).ToList();
        var sources = new List<string>();
        if (path != null) sources.Add(path);
        if (config.Scanner.File != null) sources.Add(config.Scanner.File);
        sources.AddRange(files);
        sources.AddRange(vapFiles);
        foreach (var f in files)
        {
            if (!System.IO.File.Exists(f)) throw new ConfigException($"{path ?? "--policy"}: policy file {f}: no such file");
        }
        var set = PspLoader.Load(files.Select(f => (f, (Func<Stream>)(() => System.IO.File.OpenRead(f)))));
        if (set.Errors.Count > 0) throw new ConfigException(string.Join("\n", set.Errors.Select(e => e.ToString())));
        if (files.Count > 0 && set.Policies.Count == 0) throw new ConfigException($"no PodSecurityPolicy in {string.Join(", ", files)}");
        return config with
        {
            Policies = set.Policies,
            VapPolicies = VapPolicies(path!, vapFiles, version ?? Stockade.Vap.VapKubernetesVersion.Newest),
            KubernetesVersion = version ?? Stockade.Vap.VapKubernetesVersion.Newest,
            SourceFiles = sources,
        };
    }

    /// <summary>Relative paths in the file are relative to the file, so a mounted ConfigMap is self-contained.</summary>
    private static string Resolve(string configPath, string file) =>
        Path.IsPathRooted(file) ? file : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".", file);

    private static AdmissionExemptions Exemptions(string path, YNode? node)
    {
        if (node is null or YScalar { Kind: ScalarKind.Null }) return AdmissionExemptions.None;
        if (node is not YMapping map) throw Fail(path, node.Position, "exemptions: expected a mapping with usernames, namespaces, runtimeClassNames");
        foreach (var e in map.Entries)
        {
            if (!ExemptionKeys.Contains(e.Key)) throw Fail(path, e.KeyPosition, $"exemptions: unknown key \"{e.Key}\" (known: {string.Join(", ", ExemptionKeys)})");
        }
        HashSet<string> Set(string key) => map[key] is { } n ? Strings(path, n, $"exemptions.{key}").ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
        return new AdmissionExemptions(Set("usernames"), Set("namespaces"), Set("runtimeClassNames"));
    }

    /// <summary><c>annotationExemptions: {namespaces: [...]}</c>: the only way annotations exempt anything at admission.</summary>
    private static HashSet<string> AnnotationNamespaces(string path, YNode? node)
    {
        if (node is null or YScalar { Kind: ScalarKind.Null }) return new HashSet<string>();
        if (node is not YMapping map) throw Fail(path, node.Position, "annotationExemptions: expected a mapping with namespaces");
        foreach (var e in map.Entries)
        {
            if (e.Key != "namespaces") throw Fail(path, e.KeyPosition, $"annotationExemptions: unknown key \"{e.Key}\" (known: namespaces)");
        }
        var names = map["namespaces"] is { } n ? Strings(path, n, "annotationExemptions.namespaces") : [];
        foreach (var name in names)
        {
            // A glob would let a namespace someone creates later inherit the trust.
            if (name.IndexOfAny(['*', '?']) >= 0) throw Fail(path, map["namespaces"]!.Position, $"annotationExemptions.namespaces: \"{name}\": list namespaces by name, not by pattern");
        }
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary><c>pspAuthorization: {mode, cacheSize, cacheTtlSeconds, timeoutSeconds}</c>.</summary>
    private static PspAuthorizationSettings PspAuthorization(string path, YNode? node)
    {
        var settings = new PspAuthorizationSettings();
        if (node is null or YScalar { Kind: ScalarKind.Null }) return settings;
        if (node is not YMapping map) throw Fail(path, node.Position, $"pspAuthorization: expected a mapping with {string.Join(", ", PspAuthorizationKeys)}");
        foreach (var e in map.Entries)
        {
            if (!PspAuthorizationKeys.Contains(e.Key)) throw Fail(path, e.KeyPosition, $"pspAuthorization: unknown key \"{e.Key}\" (known: {string.Join(", ", PspAuthorizationKeys)})");
        }
        if (map["mode"] is { } m)
        {
            settings = settings with
            {
                Mode = (m as YScalar)?.Text switch
                {
                    "auto" when m is YScalar { Kind: ScalarKind.String } => PspAuthorizationSource.Auto,
                    "subjectAccessReview" when m is YScalar { Kind: ScalarKind.String } => PspAuthorizationSource.SubjectAccessReview,
                    "all" when m is YScalar { Kind: ScalarKind.String } => PspAuthorizationSource.All,
                    _ => throw Fail(path, m.Position, $"pspAuthorization.mode: \"{m}\" is not auto, subjectAccessReview or all"),
                },
            };
        }
        double Number(string key, double min, double max, double fallback)
        {
            if (map[key] is not { } n) return fallback;
            if (n is YScalar { Kind: ScalarKind.Int or ScalarKind.Float } s
                && double.TryParse(s.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
            throw Fail(path, n.Position, $"pspAuthorization.{key}: \"{n}\" is not a number from {min} to {max}");
        }
        return settings with
        {
            CacheSize = (int)Number("cacheSize", 0, 1_000_000, settings.CacheSize),
            CacheTtl = TimeSpan.FromSeconds(Number("cacheTtlSeconds", 0, 3600, settings.CacheTtl.TotalSeconds)),
            Timeout = TimeSpan.FromSeconds(Number("timeoutSeconds", 0.1, 30, settings.Timeout.TotalSeconds)),
        };
    }

    private static LevelVersion Level(string path, YNode node) =>
        node is YScalar { Kind: ScalarKind.String } s && LevelVersion.TryParse(s.Text, out var lv)
            ? lv
            : throw Fail(path, node.Position, $"namespaceDefault: \"{node}\" is not privileged, baseline or restricted, optionally with :latest or :v1.N");

    private static AdmissionMode Mode(string path, YNode node, string what, bool allowIgnore)
    {
        var text = node is YScalar { Kind: ScalarKind.String } s ? s.Text : null;
        return text switch
        {
            "enforce" => AdmissionMode.Enforce,
            "warn" => AdmissionMode.Warn,
            "audit" => AdmissionMode.Audit,
            "ignore" when allowIgnore => AdmissionMode.Ignore,
            _ => throw Fail(path, node.Position, $"{what}: \"{node}\" is not enforce, warn{(allowIgnore ? ", audit or ignore" : " or audit")}"),
        };
    }

    private static FailureMode Failure(string path, YNode node) => node is YScalar { Kind: ScalarKind.String, Text: var t }
        ? t switch
        {
            "closed" => FailureMode.Closed,
            "open" => FailureMode.Open,
            _ => throw Fail(path, node.Position, $"failurePolicy: \"{t}\" is not closed or open"),
        }
        : throw Fail(path, node.Position, "failurePolicy: expected closed or open");

    private static string? String(string path, YMapping map, string key) => map[key] switch
    {
        null or YScalar { Kind: ScalarKind.Null } => null,
        YScalar { Kind: ScalarKind.String } s => s.Text,
        var other => throw Fail(path, other.Position, $"{key}: expected a string"),
    };

    private static List<string> Strings(string path, YNode node, string what)
    {
        if (node is YScalar { Kind: ScalarKind.Null }) return [];
        if (node is not YSequence seq) throw Fail(path, node.Position, $"{what}: expected a list of strings");
        return seq.Items.Select(i => i is YScalar { Kind: ScalarKind.String } s ? s.Text : throw Fail(path, i.Position, $"{what}: expected a string")).ToList();
    }

    private static bool Flag(string path, YNode node, string key) =>
        node is YScalar { Kind: ScalarKind.Bool } b ? b.BoolValue : throw Fail(path, node.Position, $"{key}: expected true or false");

    private static ConfigException Fail(string path, SourcePosition p, string message) => new($"{path}:{p.Line}:{p.Column}: {message}");
}
