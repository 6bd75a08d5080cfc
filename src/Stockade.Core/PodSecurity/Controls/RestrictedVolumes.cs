using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Restricted pods may only use configMap, csi, downwardAPI, emptyDir, ephemeral, image,
/// persistentVolumeClaim, projected and secret volumes (restricted, v1.0+; replaces the baseline
/// hostPath control). Upstream added <c>image</c> to its single 1.0 variant (Kubernetes 1.33), so
/// it is allowed at every policy version. Upstream: <c>policy/check_restrictedVolumes.go</c>.
/// </summary>
internal sealed class RestrictedVolumes(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-restricted-volumes",
        Title = "Volume type not allowed (PSS restricted: Volume Types)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Network and node volume plugins (hostPath, nfs, iscsi, rbd, flexVolume…) reach storage " +
                    "outside the pod's control or run node-side code; restricted pods use only inline ephemeral " +
                    "sources and persistent volume claims, whose access cluster admins control.",
        Remediation = "Use configMap, secret, projected, downwardAPI, emptyDir, ephemeral, csi, image or persistentVolumeClaim volumes.",
        RemediationYaml = """
            volumes:
            - name: data
              persistentVolumeClaim:
                claimName: data
            """,
        Fields =
        [
            new("spec.volumes[*].hostPath, gcePersistentDisk, awsElasticBlockStore, gitRepo, nfs, iscsi, glusterfs, rbd, flexVolume, cinder, cephFS, flocker, fc, azureFile, vsphereVolume, quobyte, azureDisk, portworxVolume, scaleIO, storageos", "undefined/nil (only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes are allowed)"),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "Volume Types"), new("PSP", "volumes")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "restrictedVolumes";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "restrictedVolumes_1_0", Check_1_0, ["hostPathVolumes"])];

    internal static readonly HashSet<string> AllowedSources = new(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    };

    /// <summary>The restricted sources, in the order PSA tests them (it names only the first one set).</summary>
    internal static readonly string[] RestrictedSources =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
        "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
    ];

    /// <summary>Every inline source a v1 Volume has; the API server drops any other key.</summary>
    private static readonly HashSet<string> KnownSources =
        AllowedSources.Concat(RestrictedSources).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The API server defaults a volume that sets no (known) source to <c>emptyDir: {}</c>, so
    /// PSA sees an allowed emptyDir there.
    /// </summary>
    private static bool DefaultsToEmptyDir(VolumeModel volume) => !volume.SourceKeys.Any(k => KnownSources.Contains(k.Key));

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        var types = new List<string>();
        foreach (var volume in pod.Spec.Volumes)
        {
            if (DefaultsToEmptyDir(volume) || volume.SourceKeys.Any(k => AllowedSources.Contains(k.Key))) continue;
            bad.Add(StringOrEmpty(volume.Name));
            var type = RestrictedSources.FirstOrDefault(s => volume.SourceKeys.Any(k => k.Key == s));
            types.Add(type ?? "unknown");
            if (type != null)
            {
                var key = volume.SourceKeys.First(k => k.Key == type);
                where.At(key.Position, FieldPaths.Join(volume.Path, type));
            }
            else
            {
                where.At(volume.Position, volume.Path);
            }
        }
        var distinct = SortedSet(types);
        return where.Found
            ? where.Violation("restricted volume types",
                $"{Pluralize("volume", "volumes", bad.Count)} {JoinQuote(bad)} {Pluralize("uses", "use", bad.Count)} {Pluralize("restricted volume type", "restricted volume types", distinct.Count)} {JoinQuote(distinct)}")
            : null;
    }
}
