namespace Stockade.Vap;

/// <summary>
/// Who makes the offline request a scan judges objects by (<c>request.userInfo</c>): by default
/// <c>stockade:offline</c> with no groups; <c>--request-user</c> and <c>--request-group</c> name
/// another, so a policy that exempts or targets users can be tried as they would meet it.
/// </summary>
internal sealed record VapRequester(string Name, IReadOnlyList<string> Groups)
{
    public static readonly VapRequester Offline = new(VapOffline.DefaultUser, []);
}

/// <summary>What the CLI's policy options set: the Kubernetes version compiled for, and the offline requester.</summary>
internal sealed record VapSettings(VapKubernetesVersion Version, VapRequester Requester)
{
    public static readonly VapSettings Default = new(VapKubernetesVersion.Newest, VapRequester.Offline);
}
