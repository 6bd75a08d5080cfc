using k8s;

namespace Stockade.Cluster;

/// <summary>A kubeconfig or in-cluster setting that cannot be used.</summary>
internal sealed class ClusterConfigException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Finds the cluster to audit the way kubectl does: <c>--kubeconfig</c>, else the first file of
/// <c>KUBECONFIG</c>, else <c>~/.kube/config</c>, else the in-cluster service account.
/// </summary>
internal static class ClusterConnection
{
    public static KubernetesClientConfiguration Configure(string? kubeconfig, string? context, Func<string, string?>? environment = null, string? home = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        home ??= Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        try
        {
            if (kubeconfig != null)
            {
                if (!File.Exists(kubeconfig)) throw new ClusterConfigException($"--kubeconfig {kubeconfig}: no such file");
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
            }
            var fromEnvironment = (environment("KUBECONFIG") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(File.Exists).ToArray();
            // The client merges several kubeconfig files only internally; the first file that
            // exists is used, which is where kubectl also takes the current context from.
            if (fromEnvironment.Length > 0) return KubernetesClientConfiguration.BuildConfigFromConfigFile(fromEnvironment[0], context);
            var defaultFile = Path.Combine(home, ".kube", "config");
            if (File.Exists(defaultFile)) return KubernetesClientConfiguration.BuildConfigFromConfigFile(defaultFile, context);
            if (KubernetesClientConfiguration.IsInCluster())
            {
                if (context != null) throw new ClusterConfigException("--context needs a kubeconfig; running in a cluster, only the pod's service account is available");
                return KubernetesClientConfiguration.InClusterConfig();
            }
        }
        catch (ClusterConfigException)
        {
            throw;
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new ClusterConfigException($"cannot use the kubeconfig: {e.Message}", e);
        }
        throw new ClusterConfigException("no cluster to audit: no --kubeconfig, KUBECONFIG, ~/.kube/config, nor in-cluster service account (use --from to audit files)");
    }
}
